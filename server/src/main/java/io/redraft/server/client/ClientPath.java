package io.redraft.server.client;

import io.redraft.server.command.DataCommands;
import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.OutputBuffer;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import io.redraft.server.admin.ClusterCommand;
import io.redraft.server.admin.DebugCommand;
import io.redraft.server.admin.MigrateCommand;
import io.redraft.server.blocking.BlockedClients;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.command.Route;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.KeylessCommands;
import io.redraft.server.node.Replies;
import io.redraft.store.CommandTable;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import java.util.List;

/**
 * The path of an intercepted client command on an initialized node, in RedisRaft's order of
 * checks (reference §7.1): MULTI queueing, node state, leadership, refused commands, dry run
 * (unknown command, arity), then the read path (ReadIndex) or the write path (log, commit, apply).
 * Every decision reads the route the request was classified with when it was decoded.
 */
public final class ClientPath {
    private final RaftRuntime rt;
    /** The session number a proxied request carries while {@link #proxied} runs it, else null. */
    private CommandBatch.Sequenced proxiedSequence;
    /** A proxied request runs: a blocking command in it does not wait (a follower sends those over a connection of their own). */
    private boolean proxying;
    /** The user a proxied request's scripts were called by (the follower's client), while {@link #proxied} runs it. */
    private String proxiedUser;
    /**
     * The session number of the request being handled, taken as soon as it is recognised as a
     * write, so that a write refused afterwards (MOVED, CLUSTERDOWN, ...) still uses its number
     * up and client and server count alike (docs/protocol.md, "Client sessions"); else null.
     */
    private CommandBatch.Sequenced numbered;
    private final WritePath writes;
    private final ReadPath reads;
    private final Transactions transactions;
    private final SlotCheck slots;
    /** Whether the request being handled follows ASKING (taken and cleared as it arrives, reference §7.1). */
    private boolean asking;

    public ClientPath(RaftRuntime rt) {
        this.rt = rt;
        this.writes = new WritePath(rt);
        this.reads = new ReadPath(rt);
        this.transactions = new Transactions(rt, this);
        this.slots = new SlotCheck(rt);
    }

    public WritePath writes() {
        return writes;
    }

    public ReadPath reads() {
        return reads;
    }

    /** An intercepted request, routed by the classification it got when it was decoded. */
    public void intercepted(ClientSession s, ClientRequest r, ReplySink out) {
        byte[][] argv = r.command();
        String name = r.commandName();
        numbered = null;
        asking = s.takeAsking();
        if (name.equals("client") && (s.multi() == null || SequencedWrites.isRegistration(List.<byte[][]>of(argv)))) {
            registerSession(s, argv, out);
            return;
        }
        if (Transactions.queues(s, r)) {
            // As Redis Cluster: each command is checked as it is queued, and one refused fails EXEC.
            String refusal = slotRefusal(SlotCheck.keys(r));
            if (refusal != null) {
                s.failMulti();
                out.error(refusal);
                return;
            }
            transactions.queue(s, r, out);
            return;
        }
        Route route = r.route();
        if (route == Route.TRANSACTION) {
            transactions.command(s, name, argv, out);
            return;
        }
        if (route == Route.LOCAL && name.equals("debug")) {
            debug(s, argv, out);
            return;
        }
        if (route == Route.LOCAL && name.equals("wait")) {
            if (!refusedOrProxied(s, List.<byte[][]>of(argv), false, out)) WaitCommand.run(rt, s, argv, out);
            return;
        }
        if (route == Route.LOCAL && name.equals("waitaof")) {
            if (!refusedOrProxied(s, List.<byte[][]>of(argv), false, out)) WaitAofCommand.run(rt, s, argv, out);
            return;
        }
        if (route == Route.LOCAL && name.equals("migrate")) {
            // Its keys are locked while they move: the slot check would refuse them (TRYAGAIN).
            MigrateCommand.run(rt, s, argv, out);
            return;
        }
        if (route == Route.LOCAL && name.equals("cluster")) {
            // Re-implemented by RedisRaft: answered locally, followers included (reference §9.3).
            ClusterCommand.run(rt, argv, out);
            return;
        }
        number(s, List.<byte[][]>of(argv), false);
        if (refusedOrProxied(s, List.<byte[][]>of(argv), false, out)) return;
        switch (route) {
            case REFUSED -> out.error(r.classification().command().refusal());
            case LOCAL -> keyless(s, r, out);
            case REPLICATED, READ_INDEX -> {
                if (!dryRun(r, out) || MemoryLimit.refuses(rt, r, out)) return;
                if (!proxying && BlockedClients.waits(name, argv)) {
                    rt.blocking().arrive(s, argv); // docs/blocking.md
                    return;
                }
                // A read behind writes of its own connection still in flight rides the log with them: it
                // must see them (and answer after them), and waiting for them to be applied before reading
                // would cost a commit round per read, which for a client alternating SET and GET
                // (a pipelined batch loader) meant one round per pair. In the log it is linearizable,
                // answered in order, and every replica runs it, harmlessly, as it leaves the keyspace as is.
                if (route == Route.READ_INDEX && !s.hasPendingWrites()) read(s, List.<byte[][]>of(argv), false, out);
                else write(s, List.<byte[][]>of(argv), false);
            }
            // Not implemented, internal, or a node-local / RAFT.* command behind a RAFT prefix.
            default -> out.error(DataCommands.table().unknownError(r.commandList()));
        }
    }

    /** Redis's checks before running: the store runs it, with this many arguments; else the error is written. */
    static boolean dryRun(ClientRequest r, ReplySink out) {
        CommandTable.Entry e = r.storeEntry();
        if (e == null) {
            out.error(DataCommands.table().unknownError(r.commandList()));
            return false;
        }
        if (r.runnable() == null) {
            out.error(CommandTable.arityError(e.spec()));
            return false;
        }
        return true;
    }

    /** ECHO and SELECT: they touch no data, so they run here (after the checks, as RedisRaft). */
    private static boolean keyless(ClientSession s, ClientRequest r, ReplySink out) {
        switch (r.commandName()) {
            case "echo" -> KeylessCommands.run(r.command(), s.protocol(), out);
            case "select" -> KeylessCommands.select(r.command(), out);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void debug(ClientSession s, byte[][] argv, ReplySink out) {
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
    }

    /** raft.ignored-commands: this node's keyspace, at once, never logged (see ClusterRole#ignored). */
    public void ignored(ClientSession s, ClientRequest r, ReplySink out) {
        if (rt.status().isLoadingDataset() || rt.snapshots().loading()) {
            out.error(RaftRuntime.LOADING);
            return;
        }
        if (r.route() == Route.LOCAL && keyless(s, r, out)) return;
        if (r.storeEntry() == null) {
            out.error(DataCommands.table().unknownError(r.commandList()));
            return;
        }
        rt.store().execute(r.commandList(), new ExecContext(rt.clock().millis(), rt.random().nextLong(), s.protocol()), out);
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
            out.status(rt.store().digest());
            return;
        }
        long now = rt.clock().millis();
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            String v = rt.store().keyVersion(argv[i], now);
            out.status(v.isEmpty() ? "0".repeat(40) : v);
        }
    }

    /** With writes in flight: whether a data command would take the write path now (a read too, see intercepted). */
    public boolean followsWrites(ClientSession s) {
        return s.multi() == null && rt.leaderError() == null;
    }

    /** With reads in flight: whether this data command would take the quorum-read path now. */
    public boolean followsReads(ClientSession s, ClientRequest r) {
        return rt.config().quorumReads() && s.multi() == null && rt.leaderError() == null
                && r.route() == Route.READ_INDEX;
    }

    /**
     * Writes NOCLUSTER / MOVED / CLUSTERDOWN when the node may not serve, or hands the request to
     * the leader when {@code raft.follower-proxy} is on; true if the request is dealt with.
     */
    boolean refusedOrProxied(ClientSession s, List<byte[][]> commands, boolean transaction, ReplySink out) {
        String err = rt.stateError();
        int slot = -1;
        if (err == null && slots.active()) {
            // The slot is decided before leadership: a key of another group is sent there directly.
            String refusal = slotRefusal(SlotCheck.keys(commands));
            if (refusal != null) {
                out.error(refusal);
                return true;
            }
            slot = slots.slot();
        }
        if (err == null) err = rt.leaderError();
        if (err == null) return false;
        if (err.startsWith("MOVED 0 ") && slot >= 0 && !rt.config().followerProxy()) {
            // A follower names the request's slot (RedisRaft always says 0), so that a cluster
            // client updates the right slot; after ASKING it is an ASK, as RedisRaft answers.
            err = (asking ? "ASK " : "MOVED ") + slot + err.substring("MOVED 0".length());
        }
        if (err.startsWith("MOVED ") && rt.config().followerProxy() && blocking(commands, transaction)) {
            numbered = null;
            rt.blocking().viaLeader(s, commands.get(0), err.substring("MOVED 0 ".length()));
            return true;
        }
        // A transaction with SUBSCRIBE and friends subscribes the connection it runs for: never a proxy link.
        if (err.startsWith("MOVED ") && rt.config().followerProxy() && !blocking(commands, transaction)
                && !(transaction && io.redraft.server.pubsub.PubSubCommands.anyQueued(commands))) {
            // The link to the leader speaks RESP2, so a remembered reply is rendered in RESP2.
            CommandBatch.Sequenced q = numbered == null ? null : numbered.inProtocol(2);
            numbered = null;
            rt.proxy().forward(s, new CommandBatch.Request(s.id, transaction, commands, q, scriptUser(s, commands)),
                    err.substring("MOVED 0 ".length()), out);
        } else {
            out.error(err);
        }
        return true;
    }

    /** A blocking command waits on the leader over a connection of its own, not the proxy link (docs/blocking.md). */
    private static boolean blocking(List<byte[][]> commands, boolean transaction) {
        return !transaction && commands.size() == 1 && BlockedClients.waits(lower(commands.get(0)[0]), commands.get(0));
    }

    /** The slot refusal for a node-answered request with shard channels (SSUBSCRIBE), without ASKING. */
    public String channelSlotRefusal(ClientRequest r) {
        return slots.active() ? slots.check(SlotCheck.keys(r), false) : null;
    }

    /** The slot refusal for these keys, or null to go on (see {@link SlotCheck}). */
    String slotRefusal(List<byte[]> keys) {
        return slots.active() ? slots.check(keys, asking) : null;
    }

    /** Takes the session number of a request that is a write (a proxied one brings its own). */
    void number(ClientSession s, List<byte[][]> commands, boolean transaction) {
        if (proxiedSequence != null) numbered = proxiedSequence;
        else if (s.clientSession() == 0) numbered = null; // plain clients pay no lookup
        else numbered = SequencedWrites.isWrite(commands, transaction) ? SequencedWrites.next(s, commands, s.protocol()) : null;
    }

    /** RAFT.ENTRY on the leader: a request a follower proxied, run as if its client had sent it. */
    public void proxied(ClientSession s, CommandBatch.Request r, ReplySink out) {
        // The write is numbered in the follower's client's session, not in the proxy link's.
        proxiedSequence = r.sequenced();
        proxiedUser = r.user();
        proxying = true;
        try {
            // Classified as the leader would classify RAFT <command>: the follower intercepted it.
            if (!r.transaction()) intercepted(s, ClientRequest.intercepted(r.commands().get(0)), out);
            else transactions.run(s, r.commands(), out);
        } finally {
            proxying = false;
            proxiedSequence = null;
            proxiedUser = null;
        }
    }

    void read(ClientSession s, List<byte[][]> commands, boolean transaction, ReplySink out) {
        reads.read(s, commands, transaction, scriptUser(s, commands), out);
    }

    /** Gathers a write for this batch's entry, with the session number taken for it. */
    void write(ClientSession s, List<byte[][]> commands, boolean transaction) {
        CommandBatch.Sequenced q = numbered;
        numbered = null;
        writes.write(s, commands, transaction, q, scriptUser(s, commands));
    }

    /**
     * Who the scripts among the commands run for: the client's ACL user (for a proxied request,
     * the follower's client's, which came with it), or null when no command runs a script or the
     * user may run every command. The user goes into the entry so that every node checks the
     * script's calls against it; left out for an unrestricted user (the default user of a cluster
     * without ACL), so that such clusters keep writing entries that nodes from before read.
     */
    private String scriptUser(ClientSession s, List<byte[][]> commands) {
        if (proxying) return proxiedUser;
        if (!rt.node().context().acl.restricted(s.user())) return null;
        for (byte[][] argv : commands) {
            switch (lower(argv[0])) {
                case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro" -> {
                    return s.user();
                }
                default -> { }
            }
        }
        return null;
    }

    /** Where replies go that nobody waits for (a client gone, a request another node took). */
    static RespWriter discarding() {
        return new RespWriter(new OutputBuffer() {
            @Override
            public void writeByte(int b) { }

            @Override
            public void writeBytes(byte[] src, int off, int len) { }
        }, 2);
    }
}
