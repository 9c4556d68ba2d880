package io.redraft.server.client;

import io.redraft.raft.RaftError;
import io.redraft.raft.RaftException;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.server.pubsub.PubSub;
import io.redraft.store.ExecContext;
import io.redraft.store.notify.KeyspaceListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The write path: writes gathered during one node-thread batch become one log entry; once it is
 * committed and applied, each client gets its own reply. Node thread only.
 */
public final class WritePath {
    private final RaftRuntime rt;
    private final List<CommandBatch.Request> gathered = new ArrayList<>();
    private final List<ClientSession> gatheredSessions = new ArrayList<>();
    private final RespWriter discard = ClientPath.discarding();
    private final SequencedWrites sequenced;
    /** A script gathered in this batch found the node over maxmemory (see MemoryLimit#overForScripts). */
    private boolean overLimit;

    WritePath(RaftRuntime rt) {
        this.rt = rt;
        this.sequenced = new SequencedWrites(rt);
    }

    /**
     * Gathers a write (or a transaction with writes) for this batch's entry; {@code q}: its session
     * number; {@code user}: who called the scripts among the commands, else null.
     */
    void write(ClientSession s, List<byte[][]> commands, boolean transaction, CommandBatch.Sequenced q, String user) {
        overLimit |= MemoryLimit.overForScripts(rt, commands);
        gathered.add(new CommandBatch.Request(s.id, transaction, commands, q, user));
        gatheredSessions.add(s);
        rt.node().pipelineWrite(s);
    }

    /** End of a node-thread batch: every write gathered goes into one log entry. */
    public void proposeBatch() {
        if (gathered.isEmpty()) return;
        List<ClientSession> sessions = List.copyOf(gatheredSessions);
        CommandBatch batch = new CommandBatch(rt.clock().millis(), rt.random().nextLong(), List.copyOf(gathered), overLimit);
        overLimit = false;
        gathered.clear();
        gatheredSessions.clear();
        try {
            long index = rt.propose(batch, sessions);
            for (ClientSession s : sessions) s.wrote(index);
        } catch (RaftException e) {
            String err = e.error() == RaftError.NOT_LEADER ? rt.leaderError() : RaftRuntime.err(e);
            for (ClientSession s : sessions) {
                rt.node().sink(s).error(err == null ? "CLUSTERDOWN No raft leader" : err);
                rt.node().writeDone(s);
            }
        }
    }

    /** The node can no longer propose: the writes gathered in this batch get {@code err}. */
    public void failGathered(String err) {
        List<ClientSession> sessions = List.copyOf(gatheredSessions);
        gathered.clear();
        gatheredSessions.clear();
        overLimit = false;
        for (ClientSession s : sessions) {
            rt.node().sink(s).error(err);
            rt.node().writeDone(s);
        }
    }

    /** A committed batch: run each request; the clients that wait here get their replies. */
    public void applyBatch(CommandBatch batch, List<ClientSession> sessions, List<Runnable> completions) {
        List<CommandBatch.Request> requests = batch.requests();
        for (int i = 0; i < requests.size(); i++) {
            ClientSession s = sessions == null ? null : sessions.get(i);
            boolean live = s != null && !s.isGone();
            ReplySink popFor = s == null ? null : rt.blocking().capture(s); // a pop for a blocked client
            ReplySink out = popFor != null ? popFor : live ? rt.node().sink(s) : discard;
            int protocol = live ? s.protocol() : 2;
            CommandBatch.Request r = requests.get(i);
            long seed = batch.seed() + 31L * i;
            rt.node().pubsub().tracking().applying(live ? s : null);
            if (SequencedWrites.isRegistration(r.commands())) {
                sequenced.register(batch.nowMillis(), out);
            } else if (r.sequenced() != null) {
                byte[] reply = sequenced.apply(r.sequenced(), batch.nowMillis(),
                        w -> run(r, batch, seed, w.protocol(), w, live ? s : null));
                if (live) rt.node().rawReply(s, reply);
            } else {
                run(r, batch, seed, protocol, out, live ? s : null);
            }
            rt.node().pubsub().tracking().applied();
            if (popFor != null) rt.blocking().served(s, completions);
            else if (s != null) completions.add(() -> rt.node().writeDone(s));
        }
        rt.node().pubsub().tracking().broadcast();
        rt.blocking().applied(completions);
    }

    private void run(CommandBatch.Request r, CommandBatch batch, long seed, int protocol, ReplySink out, ClientSession live) {
        long now = batch.nowMillis();
        if (rt.shards().hasLockedKeys() && touchesLockedKey(r.commands())) {
            // Decided again at apply: a write let through before its key was locked for a
            // migration must not change a value already on its way to another group.
            out.error("TRYAGAIN");
            return;
        }
        List<byte[][]> commands = r.transaction() ? Transactions.body(rt.store(), r.commands(), now, out) : r.commands();
        KeyspaceListener listeners = KeyspaceListener.both(rt.node().pubsub().events(), rt.blocking().events());
        // The user that called a script travels in the entry: every node checks its calls alike.
        rt.node().context().acl.scriptCaller(r.user(), live);
        try {
            for (byte[][] argv : commands) {
                if (rt.node().pubsub().ranInExec(argv, out)) continue; // SUBSCRIBE & co. queued in MULTI: node-local
                // Keyspace notifications, tracking and blocked clients hear what the command changed (null: nobody listens).
                rt.store().execute(Arrays.asList(argv), new ExecContext(now, seed++, protocol, listeners, batch.overLimit()), out);
                if (PubSub.flushes(argv)) rt.node().pubsub().tracking().flushed();
            }
        } finally {
            rt.node().context().acl.scriptCaller(null, null);
        }
    }

    private boolean touchesLockedKey(List<byte[][]> commands) {
        for (byte[] key : SlotCheck.keys(commands)) {
            if (rt.shards().isLocked(key)) return true;
        }
        return false;
    }
}
