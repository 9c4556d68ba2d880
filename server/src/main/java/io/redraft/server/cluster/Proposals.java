package io.redraft.server.cluster;

import io.redraft.raft.Entry;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Proposals this node made, by log index, and who waits for each to be applied. Node thread only. */
final class Proposals {
    static final String NOT_COMMITTED = "TIMEOUT not committed yet";

    /** RAFT.NODE ADD / REMOVE waiting for their membership entry. */
    record Admin(ClientSession session, boolean add, int nodeId) {}

    /**
     * Who waits for a log entry: the sessions of a command batch, an admin command, or the
     * continuation of a shard-map or migration entry ({@code applied}: told null once the entry is
     * applied without error, else the error, "TIMEOUT not committed yet" when it never will be).
     * {@code batch} is the command batch as proposed: applied as it is, it spares the leader
     * decoding its own entry, a copy of every value (#24).
     */
    record Proposal(long term, List<ClientSession> sessions, Admin admin, Consumer<String> applied,
            io.redraft.server.client.CommandBatch batch) {}

    private final NodeThread node;
    private final Map<Long, Proposal> byIndex = new HashMap<>();
    /** Whether a session waited for a pop serving its blocking command (it hears the outcome there). */
    private java.util.function.BiPredicate<ClientSession, List<Runnable>> blockedPop = (s, c) -> false;

    Proposals(NodeThread node) {
        this.node = node;
    }

    void batch(long index, long term, List<ClientSession> sessions, io.redraft.server.client.CommandBatch batch) {
        byIndex.put(index, new Proposal(term, sessions, null, null, batch));
    }

    void membership(long index, long term, Admin admin) {
        byIndex.put(index, new Proposal(term, null, admin, null, null));
    }

    void shardEntry(long index, long term, Consumer<String> applied) {
        byIndex.put(index, new Proposal(term, null, null, applied, null));
    }

    void onBlockedPop(java.util.function.BiPredicate<ClientSession, List<Runnable>> hook) {
        this.blockedPop = hook;
    }

    /** INFO {@code raft_client_attached_entries}. */
    int size() {
        return byIndex.size();
    }

    /**
     * The entry at {@code e}'s index is applied: our proposal for it if it is the one committed,
     * else null (a proposal replaced by another leader's entry is told so).
     */
    Proposal claim(Entry e, List<Runnable> completions) {
        Proposal p = byIndex.remove(e.index());
        boolean ours = p != null && p.term() == e.term();
        if (p != null && !ours) notCommitted(p, completions);
        return ours ? p : null;
    }

    /** The node can no longer commit anything: every proposal's clients hear the outcome is unknown. */
    void failAll(List<Runnable> completions) {
        for (Proposal p : byIndex.values()) notCommitted(p, completions);
        byIndex.clear();
    }

    /**
     * Requests this node proposed (as a leader since deposed) at indexes a received snapshot
     * covers are never applied here one by one, so nothing would ever answer them: whether they
     * committed is unknown to this node, and their clients hear so now instead of waiting forever
     * (and the proposals no longer pin their sessions in memory).
     */
    void forgetCoveredBy(long snapshotIndex) {
        List<Runnable> done = new ArrayList<>();
        for (var it = byIndex.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey() > snapshotIndex) continue;
            notCommitted(e.getValue(), done);
            it.remove();
        }
        done.forEach(Runnable::run);
    }

    /** The entry we proposed for these sessions was replaced by another leader's. */
    private void notCommitted(Proposal p, List<Runnable> completions) {
        for (ClientSession s : p.sessions() == null ? List.<ClientSession>of() : p.sessions()) {
            if (blockedPop.test(s, completions)) continue;
            node.sink(s).error(NOT_COMMITTED);
            completions.add(() -> node.writeDone(s));
        }
        if (p.applied() != null) completions.add(() -> p.applied().accept(NOT_COMMITTED));
        if (p.admin() != null) {
            ClientSession s = p.admin().session();
            node.sink(s).error(NOT_COMMITTED);
            completions.add(() -> node.complete(s));
        }
    }
}
