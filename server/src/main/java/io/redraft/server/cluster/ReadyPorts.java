package io.redraft.server.cluster;

import io.redraft.raft.ConfChange;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.RaftNode;
import io.redraft.raft.ReadState;
import io.redraft.raft.Ready;
import io.redraft.raft.ReadyLoop;
import io.redraft.raft.Role;
import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;
import io.redraft.raft.SoftState;
import io.redraft.server.admin.AdminCommands;
import io.redraft.server.client.CommandBatch;
import io.redraft.server.log.LogSetup;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What the Ready loop does on this node: the log thread persists, peer links send, the client
 * path applies and answers, snapshots install and take. Node thread only.
 */
final class ReadyPorts implements ReadyLoop.Ports {
    private static final Logger log = LogSetup.raft("runtime");

    private final RaftRuntime rt;
    /** Work to do once the current Ready has been advanced. */
    private final List<Runnable> completions = new ArrayList<>();
    private boolean removedHandled;
    private Role loggedRole;
    private int loggedLeader;

    ReadyPorts(RaftRuntime rt) {
        this.rt = rt;
    }

    /** Where handlers queue what must wait until the Ready is handed back. */
    List<Runnable> completions() {
        return completions;
    }

    /** Unblocking a client runs its queued requests, which may call into the core: only now. */
    void runCompletions() {
        List<Runnable> run = new ArrayList<>(completions);
        completions.clear();
        run.forEach(Runnable::run);
    }

    @Override
    public RaftNode core() {
        return rt.core();
    }

    @Override
    public boolean halted() {
        return rt.storageError() != null;
    }

    @Override
    public boolean persistenceFailing() {
        // The log thread failed and its report is still on the way to this thread.
        return rt.storage().writer().failure() != null;
    }

    @Override
    public void receiveChunk(SnapshotChunk chunk) {
        rt.snapshots().chunk(chunk);
    }

    @Override
    public boolean persist(Ready rd, Runnable whenDurable) {
        try {
            rt.storage().writer().submit(rd.entries(), rd.hardState(), p -> rt.node().execute(whenDurable));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IllegalStateException writerFailed) {
            return false; // failed between the check and the submit: the node is stopping
        }
    }

    @Override
    public void compact(SnapshotMeta snapshot) {
        // Storage dropped the prefix already, when it installed the snapshot file.
    }

    @Override
    public void send(List<RaftMessage> messages) {
        rt.links().send(messages);
    }

    @Override
    public void installSnapshot(SnapshotMeta snapshot) {
        rt.snapshots().install(snapshot);
    }

    @Override
    public void apply(List<Entry> committed) {
        rt.node().context().metrics.raft().applying(rt.core(), committed);
        for (Entry e : committed) apply(e);
        rt.appliedBatch();
    }

    private void apply(Entry e) {
        rt.applied(e.index());
        Proposals.Proposal ours = rt.proposals().claim(e, completions);
        switch (e.type()) {
            case NORMAL -> rt.clients().writes().applyBatch(ours != null && ours.batch() != null ? ours.batch()
                    : CommandBatch.decode(e.data()), ours == null ? null : ours.sessions(),
                    completions);
            case ADD_NODE, ADD_NONVOTING_NODE, REMOVE_NODE -> {
                ConfChange c = ConfChange.decode(e.type(), e.data());
                if (ours != null && ours.admin() != null) {
                    AdminCommands.membershipApplied(rt.node(), rt.dbid(), ours.admin().session(), ours.admin().add(), c,
                            completions);
                }
                RaftNode raft = rt.core();
                if (c.type() == EntryType.REMOVE_NODE && c.nodeId() != raft.id()) rt.links().removed(c.nodeId(), raft.isLeader());
            }
            case ADD_SHARDGROUP, UPDATE_SHARDGROUP, REPLACE_SHARDGROUPS, LOCK_KEYS, DELETE_UNLOCK_KEYS, IMPORT_KEYS -> {
                String err = rt.shards().apply(e);
                if (ours != null && ours.applied() != null) completions.add(() -> ours.applied().accept(err));
            }
            case NO_OP -> { }
        }
    }

    @Override
    public void readConfirmed(ReadState read) {
        rt.node().context().metrics.raft().readConfirmed();
        rt.clients().reads().confirmed(read, completions);
    }

    @Override
    public void readFailed(long requestId) {
        rt.clients().reads().failed(requestId, completions);
    }

    @Override
    public void serveAppliedReads() {
        rt.clients().reads().serveApplied(completions);
    }

    @Override
    public void takeSnapshot(SnapshotMeta request) {
        rt.snapshots().take(request);
    }

    @Override
    public void leadershipChanged(SoftState soft, int transferTimedOut) {
        if (soft != null) roleChanged(soft);
        if (soft != null && soft.role() != Role.LEADER) rt.blocking().leadershipLost(completions);
        rt.transfer().progress(soft, transferTimedOut, rt.core().id(), completions);
    }

    /** Role and leader changes are rare and the first thing asked after a fault: logged at notice. */
    private void roleChanged(SoftState soft) {
        if (soft.role() == loggedRole && soft.leaderId() == loggedLeader) return;
        if (soft.role() != loggedRole) {
            log.info("State change: node is now a {} in term {}", soft.role().infoName(), rt.core().term());
        }
        if (soft.leaderId() != loggedLeader && soft.role() != Role.LEADER) {
            log.info("Leader is now {}", soft.leaderId() == 0 ? "unknown" : "node " + soft.leaderId());
        }
        loggedRole = soft.role();
        loggedLeader = soft.leaderId();
    }

    @Override
    public void advanced() {
        RaftNode raft = rt.core();
        rt.node().context().metrics.raft().afterReady(raft);
        rt.links().follow(raft.config(), raft.id());
        boolean removed = raft.isRemoved() && !removedHandled;
        runCompletions();
        if (removed) {
            removedHandled = true;
            rt.leaveCluster();
        }
    }

    @Override
    public void resume() {
        rt.drive();
    }
}
