package io.redraft.server.raft;

import static io.redraft.server.node.Replies.lower;

import io.redraft.raft.RaftError;
import io.redraft.raft.RaftException;
import io.redraft.raft.ReadState;
import io.redraft.resp.OutputBuffer;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.Replies;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandTable;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The path of an intercepted client command on an initialized node, in RedisRaft's order of
 * checks (reference §7.1): MULTI queueing, node state, leadership, unsupported commands, dry run
 * (unknown command, arity), then the read path (ReadIndex) or the write path (log, commit, apply).
 */
final class ClientPath {
    private static final Set<String> UNSUPPORTED = Set.of("sync", "psync", "reset", "bgrewriteaof", "slaveof",
            "replicaof", "debug", "save", "bgsave", "xadd", "xrange", "xrevrange", "xlen", "xread", "xreadgroup",
            "xgroup", "xsetid", "xack", "xpending", "xclaim", "xautoclaim", "xinfo", "xdel", "xtrim");

    /** A read waiting for its ReadIndex round; {@code error} set when the round failed. */
    private record PendingRead(ClientSession session, List<byte[][]> commands, boolean transaction, String error) {
        PendingRead failed(String why) {
            return new PendingRead(session, commands, transaction, why);
        }
    }

    private final RaftRuntime rt;
    private final List<CommandBatch.Request> gathered = new ArrayList<>();
    private final List<ClientSession> gatheredSessions = new ArrayList<>();
    private final Map<Long, PendingRead> reads = new HashMap<>();
    /** Reads confirmed at an index not yet applied here, by that index. */
    private final TreeMap<Long, List<PendingRead>> deferred = new TreeMap<>();
    private final RespWriter discard = new RespWriter(new OutputBuffer() {
        @Override
        public void writeByte(int b) { }

        @Override
        public void writeBytes(byte[] src, int off, int len) { }
    }, 2);
    private long nextReadId = 1;
    /** The session number a proxied request carries while {@link #proxied} runs it, else null. */
    private CommandBatch.Sequenced proxiedSequence;
    /**
     * The session number of the request being handled, taken as soon as it is recognised as a
     * write, so that a write refused afterwards (MOVED, CLUSTERDOWN, ...) still uses its number
     * up and client and server count alike (docs/protocol.md, "Client sessions"); else null.
     */
    private CommandBatch.Sequenced numbered;
    private final SequencedWrites sequenced;

    ClientPath(RaftRuntime rt) {
        this.rt = rt;
        this.sequenced = new SequencedWrites(rt);
    }

    void intercepted(ClientSession s, byte[][] argv, ReplySink out) {
        String name = lower(argv[0]);
        numbered = null;
        if (name.equals("client") && (s.multi() == null || SequencedWrites.isRegistration(List.<byte[][]>of(argv)))) {
            registerSession(s, argv, out);
            return;
        }
        if (s.multi() != null && !name.equals("exec") && !name.equals("discard") && !name.equals("multi")
                && !name.equals("watch")) {
            // RedisRaft's MULTI refuses, and fails the transaction for, what it cannot queue:
            // unsupported commands, and node-local ones that got here through an explicit RAFT prefix.
            int flags = CommandSpecs.of(name, rt.router.ignored());
            if ((flags & CommandSpecs.UNSUPPORTED) != 0) {
                s.failMulti();
                out.error("ERR not supported by RedisRaft");
            } else if ((flags & CommandSpecs.DONT_INTERCEPT) != 0) {
                s.failMulti();
                out.error("ERR not supported by RedisRaft inside MULTI/EXEC");
            } else {
                queue(s, argv, out);
            }
            return;
        }
        switch (name) {
            case "multi" -> {
                if (argv.length != 1) out.error("ERR wrong number of arguments for 'multi' command");
                else if (s.multi() != null) out.error("ERR MULTI calls can not be nested");
                else {
                    s.multi(new ArrayList<>());
                    out.status("OK");
                }
                return;
            }
            case "discard" -> {
                if (s.multi() == null) out.error("ERR DISCARD without MULTI");
                else {
                    s.multi(null);
                    s.unwatch();
                    out.status("OK");
                }
                return;
            }
            case "exec" -> {
                exec(s, out);
                return;
            }
            case "debug" -> {
                // DEBUG DIGEST / DIGEST-VALUE answer from this node's applied state, on followers
                // too, so replicas can be compared; other DEBUG subcommands stay unsupported.
                if (argv.length >= 2 && (Replies.lower(argv[1]).equals("digest")
                        || Replies.lower(argv[1]).equals("digest-value"))) {
                    debugDigest(argv, out);
                    return;
                }
                // HELP, SLEEP and POPULATE as Redis; POPULATE is a write and goes through the log.
                byte[][] populate = DebugCommand.run(rt, s, argv, out);
                if (populate == null || refusedOrProxied(s, List.<byte[][]>of(argv), false, out)) return;
                write(s, List.<byte[][]>of(populate), false);
                return;
            }
            case "cluster" -> {
                // Re-implemented by RedisRaft: answered locally, followers included (reference §9.3).
                ClusterCommand.run(rt, argv, out);
                return;
            }
            case "watch", "unwatch" -> {
                if (name.equals("watch") && s.multi() != null) {
                    out.error("ERR WATCH inside MULTI is not allowed");
                    return;
                }
                if (name.equals("watch") && argv.length < 2) {
                    out.error(Replies.arity("watch"));
                    return;
                }
                // Through the follower proxy WATCH stays here: the versions must travel with this
                // client's EXEC, and the leader's proxy connection is shared by every client. A
                // follower's applied state is a prefix of the leader's, so a version read here is
                // at worst older: EXEC then aborts, it never misses a change made after WATCH.
                String refusal = rt.stateError();
                if (refusal == null) refusal = rt.leaderError();
                if (refusal != null && !(refusal.startsWith("MOVED ") && rt.config.followerProxy())) {
                    out.error(refusal);
                    return;
                }
                if (name.equals("unwatch")) {
                    s.unwatch();
                } else {
                    // The version is read from this node's applied state. Writes committed but not
                    // yet applied here make EXEC abort although Redis might not: that is a WATCH
                    // ordered before them, which is still linearizable, never a missed change.
                    long now = rt.clock.millis();
                    for (int i = 1; i < argv.length; i++) s.watch(argv[i], rt.store.keyVersion(argv[i], now));
                }
                out.status("OK");
                return;
            }
            default -> { }
        }
        number(s, List.<byte[][]>of(argv), false);
        if (refusedOrProxied(s, List.<byte[][]>of(argv), false, out)) return;
        if (UNSUPPORTED.contains(name)) {
            out.error("ERR not supported by RedisRaft");
            return;
        }
        if (rt.router.sessionLocal(s, argv, out)) return;
        List<byte[]> list = Arrays.asList(argv);
        CommandTable.Entry e = clientCommand(list);
        if (e == null) {
            out.error(Store.commands().unknownError(list));
            return;
        }
        if (!e.spec().arityOk(argv.length) || e.handler() == null) {
            out.error(CommandTable.arityError(e.spec()));
            return;
        }
        // A read behind writes of its own connection still in flight rides the log with them: it
        // must see them (and answer after them), and waiting for them to be applied before reading
        // would cost a commit round per read, which for a client alternating SET and GET
        // (a pipelined batch loader) meant one round per pair. In the log it is linearizable,
        // answered in order, and every replica runs it, harmlessly, as it leaves the keyspace as is.
        if (e.spec().has(CommandFlag.READONLY) && !s.hasPendingWrites()) read(s, List.<byte[][]>of(argv), false, out);
        else write(s, List.<byte[][]>of(argv), false);
    }

    /** raft.ignored-commands: this node's keyspace, at once, never logged (see ClusterRole#ignored). */
    void ignored(ClientSession s, byte[][] argv, ReplySink out) {
        if (rt.state == RaftRuntime.State.LOADING || rt.snapshots.loading()) {
            out.error(RaftRuntime.LOADING);
            return;
        }
        if (rt.router.sessionLocal(s, argv, out)) return;
        List<byte[]> list = Arrays.asList(argv);
        if (clientCommand(list) == null) {
            out.error(Store.commands().unknownError(list));
            return;
        }
        rt.store.execute(list, new io.redraft.store.ExecContext(rt.clock.millis(), rt.random.nextLong(), s.protocol()), out);
    }

    /** CLIENT SESSION NEW: a logged write whose reply is the new session's id. */
    private void registerSession(ClientSession s, byte[][] argv, ReplySink out) {
        List<byte[][]> commands = List.<byte[][]>of(argv);
        if (!SequencedWrites.isRegistration(commands)) { // only a forged RAFT.ENTRY gets here
            out.error(Replies.unknownCommand(argv));
            return;
        }
        if (s.multi() != null) {
            out.error("ERR CLIENT SESSION inside MULTI is not allowed");
            return;
        }
        if (refusedOrProxied(s, commands, false, out)) return;
        write(s, commands, false);
    }

    private void debugDigest(byte[][] argv, ReplySink out) {
        if (Replies.lower(argv[1]).equals("digest")) {
            out.status(rt.store.digest());
            return;
        }
        long now = rt.clock.millis();
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            String v = rt.store.keyVersion(argv[i], now);
            out.status(v.isEmpty() ? "0".repeat(40) : v);
        }
    }

    /** The store command a client may send: the EXEC check is only ever built by EXEC itself. */
    private static CommandTable.Entry clientCommand(List<byte[]> argv) {
        CommandTable.Entry e = Store.commands().resolve(argv);
        return e != null && e.spec().name().equals(Store.EXEC_WATCHED) ? null : e;
    }

    /**
     * Whether {@link #intercepted} would take the write path for this request right now, asked
     * while the session has writes in flight. A read then takes it too (see {@link #intercepted}).
     */
    boolean pipelinable(ClientSession s, byte[][] argv) {
        if (s.multi() != null || rt.leaderError() != null) return false;
        String name = lower(argv[0]);
        if (UNSUPPORTED.contains(name) || name.equals("multi") || name.equals("exec") || name.equals("discard")
                || name.equals("watch") || name.equals("unwatch") || name.equals("debug") || name.equals("cluster")) {
            return false;
        }
        CommandTable.Entry e = clientCommand(Arrays.asList(argv));
        return e != null && e.handler() != null && e.spec().arityOk(argv.length);
    }

    /** Whether {@link #intercepted} would take the quorum-read path for this request right now. */
    boolean pipelinableRead(ClientSession s, byte[][] argv) {
        if (!rt.config.quorumReads() || s.multi() != null || rt.leaderError() != null) return false;
        String name = lower(argv[0]);
        if (UNSUPPORTED.contains(name) || name.equals("multi") || name.equals("exec") || name.equals("discard")
                || name.equals("watch") || name.equals("unwatch") || name.equals("debug") || name.equals("cluster")) {
            return false;
        }
        CommandTable.Entry e = clientCommand(Arrays.asList(argv));
        return e != null && e.handler() != null && e.spec().arityOk(argv.length) && e.spec().has(CommandFlag.READONLY);
    }

    /**
     * Writes NOCLUSTER / MOVED / CLUSTERDOWN when the node may not serve, or hands the request to
     * the leader when {@code raft.follower-proxy} is on; true if the request is dealt with.
     */
    private boolean refusedOrProxied(ClientSession s, List<byte[][]> commands, boolean transaction, ReplySink out) {
        String err = rt.stateError();
        if (err == null) err = rt.leaderError();
        if (err == null) return false;
        if (err.startsWith("MOVED ") && rt.config.followerProxy()) {
            // The link to the leader speaks RESP2, so a remembered reply is rendered in RESP2.
            CommandBatch.Sequenced q = numbered == null ? null : numbered.inProtocol(2);
            numbered = null;
            rt.proxy.forward(s, new CommandBatch.Request(s.id, transaction, commands, q),
                    err.substring("MOVED 0 ".length()), out);
        } else {
            out.error(err);
        }
        return true;
    }

    /** Takes the session number of a request that is a write (a proxied one brings its own). */
    private void number(ClientSession s, List<byte[][]> commands, boolean transaction) {
        if (proxiedSequence != null) numbered = proxiedSequence;
        else if (s.clientSession() == 0) numbered = null; // plain clients pay no lookup
        else numbered = SequencedWrites.isWrite(commands, transaction) ? SequencedWrites.next(s, commands, s.protocol()) : null;
    }

    /** RAFT.ENTRY on the leader: a request a follower proxied, run as if its client had sent it. */
    void proxied(ClientSession s, CommandBatch.Request r, ReplySink out) {
        // The write is numbered in the follower's client's session, not in the proxy link's.
        proxiedSequence = r.sequenced();
        try {
            if (!r.transaction()) intercepted(s, r.commands().get(0), out);
            else runTransaction(s, r.commands(), out);
        } finally {
            proxiedSequence = null;
        }
    }

    private void queue(ClientSession s, byte[][] argv, ReplySink out) {
        List<byte[]> list = Arrays.asList(argv);
        CommandTable.Entry e = clientCommand(list);
        if (e == null) {
            s.failMulti();
            out.error(Store.commands().unknownError(list));
        } else if (!e.spec().arityOk(argv.length) || e.handler() == null) {
            s.failMulti();
            out.error(CommandTable.arityError(e.spec()));
        } else {
            s.multi().add(argv);
            out.status("QUEUED");
        }
    }

    private void exec(ClientSession s, ReplySink out) {
        List<byte[][]> commands = s.multi();
        if (commands == null) {
            out.error("ERR EXEC without MULTI");
            return;
        }
        boolean failed = s.multiFailed();
        s.multi(null);
        List<byte[]> watched = List.copyOf(s.watched());
        s.unwatch();
        if (failed) {
            out.error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        if (!watched.isEmpty()) {
            // The versions travel in the entry, so every replica takes the same abort decision.
            byte[][] check = new byte[watched.size() + 1][];
            check[0] = Store.EXEC_WATCHED.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < watched.size(); i++) check[i + 1] = watched.get(i);
            List<byte[][]> withCheck = new ArrayList<>(commands.size() + 1);
            withCheck.add(check);
            withCheck.addAll(commands);
            commands = withCheck;
        }
        runTransaction(s, commands, out);
    }

    private void runTransaction(ClientSession s, List<byte[][]> commands, ReplySink out) {
        number(s, commands, true);
        if (refusedOrProxied(s, commands, true, out)) return;
        if (commands.isEmpty()) {
            out.arrayHeader(0);
            return;
        }
        boolean readOnly = true;
        for (byte[][] c : commands) {
            var spec = Store.commands().lookup(Arrays.asList(c));
            if (spec == null) { // only a forged RAFT.ENTRY gets here: MULTI dry-runs what it queues
                out.error(Store.commands().unknownError(Arrays.asList(c)));
                return;
            }
            readOnly &= spec.has(CommandFlag.READONLY);
        }
        // A transaction of reads takes the read path: no log entry (reference §6.2).
        if (readOnly) read(s, commands, true, out);
        else write(s, commands, true);
    }

    private void write(ClientSession s, List<byte[][]> commands, boolean transaction) {
        CommandBatch.Sequenced q = numbered;
        numbered = null;
        gathered.add(new CommandBatch.Request(s.id, transaction, commands, q));
        gatheredSessions.add(s);
        rt.node.pipelineWrite(s);
    }

    /** End of a node-thread batch: every write gathered goes into one log entry. */
    void proposeBatch() {
        if (gathered.isEmpty()) return;
        List<ClientSession> sessions = List.copyOf(gatheredSessions);
        CommandBatch batch = new CommandBatch(rt.clock.millis(), rt.random.nextLong(), List.copyOf(gathered));
        gathered.clear();
        gatheredSessions.clear();
        try {
            rt.propose(batch.encode(), sessions);
        } catch (RaftException e) {
            String err = e.error() == RaftError.NOT_LEADER ? rt.leaderError() : RaftRuntime.err(e);
            for (ClientSession s : sessions) {
                rt.node.sink(s).error(err == null ? "CLUSTERDOWN No raft leader" : err);
                rt.node.writeDone(s);
            }
        }
    }

    /** The node can no longer propose: the writes gathered in this batch get {@code err}. */
    void failGathered(String err) {
        List<ClientSession> sessions = List.copyOf(gatheredSessions);
        gathered.clear();
        gatheredSessions.clear();
        for (ClientSession s : sessions) {
            rt.node.sink(s).error(err);
            rt.node.writeDone(s);
        }
    }

    /** A committed batch: run each request; the clients that wait here get their replies. */
    void applyBatch(CommandBatch batch, List<ClientSession> sessions, List<Runnable> completions) {
        List<CommandBatch.Request> requests = batch.requests();
        for (int i = 0; i < requests.size(); i++) {
            ClientSession s = sessions == null ? null : sessions.get(i);
            boolean live = s != null && !s.isGone();
            ReplySink out = live ? rt.node.sink(s) : discard;
            int protocol = live ? s.protocol() : 2;
            CommandBatch.Request r = requests.get(i);
            long seed = batch.seed() + 31L * i;
            if (SequencedWrites.isRegistration(r.commands())) {
                sequenced.register(batch.nowMillis(), out);
            } else if (r.sequenced() != null) {
                byte[] reply = sequenced.apply(r.sequenced(), batch.nowMillis(),
                        w -> run(r, batch.nowMillis(), seed, w.protocol(), w));
                if (live) rt.node.rawReply(s, reply);
            } else {
                run(r, batch.nowMillis(), seed, protocol, out);
            }
            if (s != null) completions.add(() -> rt.node.writeDone(s));
        }
    }

    private void run(CommandBatch.Request r, long now, long seed, int protocol, ReplySink out) {
        List<byte[][]> commands = r.transaction() ? transactionBody(r.commands(), now, out) : r.commands();
        for (byte[][] argv : commands) {
            rt.store.execute(Arrays.asList(argv), new ExecContext(now, seed++, protocol), out);
        }
    }

    /** The entry we proposed for these sessions was replaced by another leader's. */
    void notCommitted(RaftRuntime.Proposal p, List<Runnable> completions) {
        for (ClientSession s : p.sessions() == null ? List.<ClientSession>of() : p.sessions()) {
            rt.node.sink(s).error("TIMEOUT not committed yet");
            completions.add(() -> rt.node.writeDone(s));
        }
        if (p.admin() != null) {
            ClientSession s = p.admin().session();
            rt.node.sink(s).error("TIMEOUT not committed yet");
            completions.add(() -> rt.node.complete(s));
        }
    }

    /** The node can no longer serve: every read still waiting for its round gets an error. */
    void failAllReads(List<Runnable> completions) {
        for (Long id : new ArrayList<>(new java.util.TreeSet<>(reads.keySet()))) readFailed(id, completions);
        for (List<PendingRead> waiting : deferred.values()) {
            for (PendingRead pr : waiting) serve(pr.error() != null ? pr : pr.failed("TIMEOUT no quorum for read"), completions);
        }
        deferred.clear();
    }

    private void read(ClientSession s, List<byte[][]> commands, boolean transaction, ReplySink out) {
        PendingRead pr = new PendingRead(s, commands, transaction, null);
        if (!rt.config.quorumReads()) {
            execute(pr, out);
            return;
        }
        long id = nextReadId++;
        try {
            rt.raft.readIndex(id);
        } catch (RaftException e) {
            String err = e.error() == RaftError.NOT_LEADER ? rt.leaderError() : RaftRuntime.err(e);
            out.error(err == null ? "CLUSTERDOWN No raft leader" : err);
            return;
        }
        reads.put(id, pr);
        rt.node.pipelineRead(s);
    }

    void readConfirmed(ReadState r, List<Runnable> completions) {
        PendingRead pr = reads.remove(r.requestId());
        if (pr == null) return;
        // Reads confirmed earlier and still waiting for their index to apply go first: a session's
        // reads are answered in the order it sent them.
        serveDeferredReads(completions);
        if (r.index() <= rt.appliedIndex) serve(pr, completions);
        else deferred.computeIfAbsent(r.index(), k -> new ArrayList<>()).add(pr);
    }

    void serveDeferredReads(List<Runnable> completions) {
        for (Iterator<Map.Entry<Long, List<PendingRead>>> it = deferred.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, List<PendingRead>> e = it.next();
            if (e.getKey() > rt.appliedIndex) break;
            for (PendingRead pr : e.getValue()) serve(pr, completions);
            it.remove();
        }
    }

    void readFailed(long id, List<Runnable> completions) {
        PendingRead pr = reads.remove(id);
        if (pr == null) return;
        PendingRead failed = pr.failed("TIMEOUT no quorum for read");
        // Behind reads that were confirmed and wait to be applied, so the replies stay in order.
        if (deferred.isEmpty()) serve(failed, completions);
        else deferred.lastEntry().getValue().add(failed);
    }

    private void serve(PendingRead pr, List<Runnable> completions) {
        ReplySink out = pr.session().isGone() ? discard : rt.node.sink(pr.session());
        if (pr.error() != null) out.error(pr.error());
        else execute(pr, out);
        completions.add(() -> rt.node.readDone(pr.session()));
    }

    /**
     * Writes an EXEC's array header and returns the commands to run: none, after a null array,
     * when a watched key changed since WATCH (as Redis's EXEC), else those after the check.
     */
    private List<byte[][]> transactionBody(List<byte[][]> commands, long now, ReplySink out) {
        if (!commands.isEmpty() && lower(commands.get(0)[0]).equals(Store.EXEC_WATCHED)) {
            if (!rt.store.watchedUnchanged(Arrays.asList(commands.get(0)), now)) {
                out.nullArray();
                return List.of();
            }
            commands = commands.subList(1, commands.size());
        }
        out.arrayHeader(commands.size());
        return commands;
    }

    private void execute(PendingRead pr, ReplySink out) {
        int protocol = pr.session().protocol();
        List<byte[][]> commands = pr.transaction()
                ? transactionBody(pr.commands(), rt.clock.millis(), out) : pr.commands();
        for (byte[][] argv : commands) {
            rt.store.execute(Arrays.asList(argv), new ExecContext(rt.clock.millis(), rt.random.nextLong(), protocol), out);
        }
    }
}
