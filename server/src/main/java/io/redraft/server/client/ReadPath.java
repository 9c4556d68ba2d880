package io.redraft.server.client;

import io.redraft.raft.RaftError;
import io.redraft.raft.RaftException;
import io.redraft.raft.ReadState;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.store.ExecContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The read path: a read (or a transaction of reads) is confirmed with the quorum (ReadIndex) when
 * {@code raft.quorum-reads} is on, then answered from this node's keyspace once it has applied the
 * confirmed index; a session's reads are answered in the order it sent them. Node thread only.
 */
public final class ReadPath {
    /** A read waiting for its ReadIndex round; {@code error} set when the round failed. */
    private record PendingRead(ClientSession session, List<byte[][]> commands, boolean transaction, String user, String error) {
        PendingRead failed(String why) {
            return new PendingRead(session, commands, transaction, user, why);
        }
    }

    private final RaftRuntime rt;
    private final Map<Long, PendingRead> reads = new HashMap<>();
    /** Reads confirmed at an index not yet applied here, by that index. */
    private final TreeMap<Long, List<PendingRead>> deferred = new TreeMap<>();
    private final RespWriter discard = ClientPath.discarding();
    private long nextReadId = 1;

    ReadPath(RaftRuntime rt) {
        this.rt = rt;
    }

    /** The node can no longer serve: every read still waiting for its round gets an error. */
    public void failAll(List<Runnable> completions) {
        for (Long id : new ArrayList<>(new java.util.TreeSet<>(reads.keySet()))) failed(id, completions);
        for (List<PendingRead> waiting : deferred.values()) {
            for (PendingRead pr : waiting) serve(pr.error() != null ? pr : pr.failed("TIMEOUT no quorum for read"), completions);
        }
        deferred.clear();
    }

    /** {@code user}: who called the scripts among the commands (their calls are checked against it), else null. */
    void read(ClientSession s, List<byte[][]> commands, boolean transaction, String user, ReplySink out) {
        PendingRead pr = new PendingRead(s, commands, transaction, user, null);
        if (!rt.config().quorumReads()) {
            execute(pr, out);
            return;
        }
        long id = nextReadId++;
        try {
            rt.core().readIndex(id);
        } catch (RaftException e) {
            String err = e.error() == RaftError.NOT_LEADER ? rt.leaderError() : RaftRuntime.err(e);
            out.error(err == null ? "CLUSTERDOWN No raft leader" : err);
            return;
        }
        reads.put(id, pr);
        rt.node().pipelineRead(s);
    }

    /** The quorum confirmed read {@code r}: served now if its index is applied, else once it is. */
    public void confirmed(ReadState r, List<Runnable> completions) {
        PendingRead pr = reads.remove(r.requestId());
        if (pr == null) return;
        // Reads confirmed earlier and still waiting for their index to apply go first: a session's
        // reads are answered in the order it sent them.
        serveApplied(completions);
        if (r.index() <= rt.appliedIndex()) serve(pr, completions);
        else deferred.computeIfAbsent(r.index(), k -> new ArrayList<>()).add(pr);
    }

    /** Serves the confirmed reads whose index is now applied. */
    public void serveApplied(List<Runnable> completions) {
        if (deferred.isEmpty()) return; // the common case, once per confirmed read: no iterator
        for (Iterator<Map.Entry<Long, List<PendingRead>>> it = deferred.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, List<PendingRead>> e = it.next();
            if (e.getKey() > rt.appliedIndex()) break;
            for (PendingRead pr : e.getValue()) serve(pr, completions);
            it.remove();
        }
    }

    /** The read's round can no longer be confirmed (leadership lost). */
    public void failed(long id, List<Runnable> completions) {
        PendingRead pr = reads.remove(id);
        if (pr == null) return;
        PendingRead failed = pr.failed("TIMEOUT no quorum for read");
        // Behind reads that were confirmed and wait to be applied, so the replies stay in order.
        if (deferred.isEmpty()) serve(failed, completions);
        else deferred.lastEntry().getValue().add(failed);
    }

    private void serve(PendingRead pr, List<Runnable> completions) {
        // Over the connection's output bound (a slow reader of large values): rendered once it drains.
        if (rt.node().outputGate.defer(pr.session(), () -> render(pr, Runnable::run))) return;
        render(pr, completions::add);
    }

    private void render(PendingRead pr, java.util.function.Consumer<Runnable> done) {
        ReplySink out = pr.session().isGone() ? discard : rt.node().sink(pr.session());
        if (pr.error() != null) out.error(pr.error());
        else execute(pr, out);
        done.accept(() -> rt.node().readDone(pr.session()));
    }

    private void execute(PendingRead pr, ReplySink out) {
        int protocol = pr.session().protocol();
        List<byte[][]> commands = pr.transaction()
                ? Transactions.body(rt.store(), pr.commands(), rt.clock().millis(), out) : pr.commands();
        rt.node().context().acl.scriptCaller(pr.user(), pr.session().isGone() ? null : pr.session());
        try {
            for (byte[][] argv : commands) {
                if (rt.node().pubsub().ranInExec(pr.session(), argv, out)) continue; // SUBSCRIBE & co. queued in MULTI
                rt.store().execute(Arrays.asList(argv), new ExecContext(rt.clock().millis(), rt.random().nextLong(), protocol,
                        rt.node().pubsub().events()), out); // key misses, on this node only
            }
        } finally {
            rt.node().context().acl.scriptCaller(null, null);
        }
    }
}
