package io.redraft.server.admin;

import static io.redraft.server.node.Replies.lower;
import static io.redraft.server.node.Replies.str;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.ConfChange;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftException;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.TimeoutNow;
import io.redraft.resp.ReplySink;
import io.redraft.server.client.CommandBatch;
import io.redraft.server.client.CommandSpecs;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import io.redraft.server.node.Replies;
import io.redraft.server.peer.Addresses;
import io.redraft.server.peer.RaftWire;
import io.redraft.server.snapshot.SnapshotImport;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** RAFT.CLUSTER, RAFT.NODE and the internode RPC commands, with RedisRaft's replies (reference §1.2, §1.3). */
public final class AdminCommands {
    private AdminCommands() {}

    /** A {@code RAFT.*} command this node answers itself; false if {@code name} is none of them. */
    public static boolean run(RaftRuntime rt, ClientSession s, String name, byte[][] argv, ReplySink out) {
        switch (name) {
            case "raft.cluster" -> cluster(rt, s, argv, out);
            case "raft.node" -> node(rt, s, argv, out);
            case "raft.transfer_leader" -> transferLeader(rt, s, argv, out);
            case "raft.entry" -> entry(rt, s, argv, out);
            case "raft.nodeshutdown" -> nodeShutdown(rt, argv, out);
            case "raft.debug" -> debug(rt, s, argv, out);
            case "raft.shardgroup" -> ShardGroupCommand.run(rt, s, argv, out);
            case "raft.import" -> ImportCommand.importKeys(rt, s, argv, out);
            case "raft.scan" -> ImportCommand.scan(rt, argv, out);
            case "raft.peer" -> rt.peerGuard().hello(s, argv, rt.dbid(), out);
            case "raft.ae", "raft.requestvote", "raft.snapshot", "raft.timeout_now" -> rpc(rt, s, name, argv, out);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** RedisRaft matches admin subcommands by case-insensitive prefix ({@code RAFT.NODE a} = ADD). */
    private static boolean is(byte[] arg, String sub) {
        String a = lower(arg);
        return !a.isEmpty() && sub.startsWith(a);
    }

    private static void cluster(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("raft.cluster"));
        } else if (is(argv[1], "init")) {
            init(rt, s, argv, out);
        } else if (is(argv[1], "join")) {
            join(rt, s, argv, out);
        } else {
            out.error("RAFT.CLUSTER supports INIT / JOIN only");
        }
    }

    private static void init(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length > 3) {
            out.error(Replies.arity("raft.cluster"));
            return;
        }
        if (!rt.status().isUninitialized()) {
            out.error("ERR Already cluster member");
            return;
        }
        String dbid;
        if (argv.length == 3) {
            dbid = str(argv[2]);
            if (dbid.length() != 32) {
                out.error("ERR cluster id must be 32 characters");
                return;
            }
        } else {
            byte[] raw = new byte[16];
            rt.random().nextBytes(raw);
            dbid = HexFormat.of().formatHex(raw);
        }
        java.nio.file.Path dump = SnapshotImport.dump(rt);
        if (dump != null) { // a Redis dump seeds the cluster (docs/rdb.md)
            SnapshotImport.init(rt, s, dbid, dump);
            return;
        }
        try {
            rt.initialize(dbid, rt.newNodeId());
        } catch (RuntimeException e) {
            out.error("ERR " + e.getMessage());
            return;
        }
        rt.core().bootstrap(rt.myAddress());
        // Answered once the bootstrap entry is applied: the node then leads and serves.
        rt.serveWaits().add(s, () -> serving(rt), "OK " + dbid, 0);
    }

    /** The node leads and serves: a write sent right after INIT's OK is not refused. */
    private static boolean serving(RaftRuntime rt) {
        return rt.core() != null && rt.stateError() == null && rt.leaderError() == null;
    }

    /**
     * The node knows its leader's address: a command gets MOVED or is proxied, not CLUSTERDOWN
     * (or LOADING, while a snapshot the leader sent loads: not worth holding the reply for).
     */
    private static boolean knowsLeader(RaftRuntime rt) {
        if (rt.core() == null || rt.rpcStateError() != null) return false;
        // The membership (and so the leader's address) arrives with the snapshot being received and
        // loaded: the join has succeeded once the leader sends it, not only once a transfer of
        // gigabytes has ended.
        if (rt.snapshots().receiving() || rt.snapshots().loading()) return rt.core().leaderId() != 0;
        String err = rt.leaderError();
        return err == null || err.startsWith("MOVED ");
    }

    private static void join(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 3) {
            out.error(Replies.arity("raft.cluster"));
            return;
        }
        if (!rt.status().isUninitialized()) {
            out.error("ERR Already cluster member");
            return;
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            String a = str(argv[i]);
            if (!Addresses.valid(a)) {
                out.error("ERR invalid node address");
                return;
            }
            addresses.add(a);
        }
        SnapshotImport.setAsideBeforeJoin(rt);
        rt.status().joinStarted();
        rt.node().block(s);
        new Joiner(rt.peers(), addresses, rt.config().raftId(), rt.myAddress(), rt.config().joinTimeoutMs(), joined -> {
            ReplySink reply = rt.node().sink(s);
            if (joined == null) {
                rt.status().backToUninitialized();
                reply.error("ERR failed to connect to cluster for join, please check logs");
            } else {
                try {
                    rt.initialize(joined.dbid(), joined.nodeId());
                    // A member now; OK once the leader's first message has told us who leads (or
                    // after the wait below anyway: the join itself has succeeded).
                    long wait = Math.max(rt.config().joinTimeoutMs(), 2L * rt.config().electionTimeoutMs());
                    rt.serveWaits().add(s, () -> knowsLeader(rt), "OK", wait);
                    return;
                } catch (RuntimeException e) {
                    rt.status().backToUninitialized();
                    reply.error("ERR " + e.getMessage());
                }
            }
            rt.node().complete(s);
        }).start();
    }

    private static void node(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("raft.node"));
            return;
        }
        boolean add = is(argv[1], "add");
        boolean remove = !add && is(argv[1], "remove");
        if (!add && !remove) {
            out.error("ERR RAFT.NODE supports ADD / REMOVE only");
            return;
        }
        if (argv.length != (add ? 4 : 3)) {
            out.error(Replies.arity("raft.node"));
            return;
        }
        String err = rt.stateError();
        if (err == null) err = rt.leaderError();
        if (err != null) {
            out.error(err);
            return;
        }
        long id;
        try {
            id = Long.parseLong(str(argv[2]));
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 0 || id > Integer.MAX_VALUE || (remove && id == 0)) {
            out.error("ERR invalid node id");
            return;
        }
        ConfChange change;
        if (add) {
            String addr = str(argv[3]);
            if (!Addresses.valid(addr)) {
                out.error("ERR invalid node address");
                return;
            }
            int nodeId = id == 0 ? rt.core().newNodeId() : (int) id;
            // New nodes join without a vote; the leader promotes them once caught up (thesis §4.2.1).
            change = new ConfChange(EntryType.ADD_NONVOTING_NODE, nodeId, addr);
        } else {
            change = new ConfChange(EntryType.REMOVE_NODE, (int) id, "");
        }
        try {
            rt.proposeMembership(change, s, add);
        } catch (RaftException e) {
            out.error(RaftRuntime.err(e));
        }
    }

    /** The membership entry of a RAFT.NODE command is applied: answer it. */
    public static void membershipApplied(NodeThread node, String dbid, ClientSession s, boolean add, ConfChange c,
                                         List<Runnable> completions) {
        ReplySink out = node.sink(s);
        if (add) {
            out.arrayHeader(2);
            out.integer(c.nodeId());
            out.status(dbid);
        } else {
            out.status("OK");
        }
        completions.add(() -> node.complete(s));
    }

    /** RAFT.TRANSFER_LEADER [node-id]: answered once the target (or another node) is elected. */
    private static void transferLeader(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length > 2) {
            out.error(Replies.arity("raft.transfer_leader"));
            return;
        }
        String err = rt.stateError();
        if (err != null) {
            out.error(err);
            return;
        }
        int target = 0;
        if (argv.length == 2) {
            try {
                long t = Long.parseLong(str(argv[1]));
                if (t < 0 || t > Integer.MAX_VALUE) throw new NumberFormatException();
                target = (int) t;
            } catch (NumberFormatException e) {
                out.error("ERR invalid target node id");
                return;
            }
        }
        if (rt.transferInProgress()) {
            out.error("ERR leader transfer is in progress");
            return;
        }
        try {
            rt.transferLeadership(s, target);
        } catch (RaftException e) {
            out.error(RaftRuntime.err(e));
        }
    }

    /** RAFT.ENTRY: a follower proxies one client request (or transaction) to us. */
    private static void entry(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 2) {
            out.error(Replies.arity("raft.entry"));
            return;
        }
        CommandBatch batch;
        try {
            batch = CommandBatch.decode(argv[1]);
        } catch (RuntimeException e) {
            out.error("ERR invalid argument");
            return;
        }
        if (batch.requests().size() != 1 || batch.requests().get(0).commands().isEmpty()) {
            out.error("ERR invalid argument");
            return;
        }
        rt.clients().proxied(s, batch.requests().get(0), out);
    }

    /** RAFT.NODESHUTDOWN id: the leader tells a node it removed to archive its files and stop. */
    private static void nodeShutdown(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (argv.length != 2) {
            out.error(Replies.arity("raft.nodeshutdown"));
            return;
        }
        String err = rt.stateError();
        if (err != null) {
            out.error(err);
            return;
        }
        if (!str(argv[1]).equals(Integer.toString(rt.core().id()))) {
            out.error("invalid node id");
            return;
        }
        if (rt.netDrop().deafToAnyone()) return; // test-only: it names no sender, so lost while cut off
        rt.leaveCluster(); // no reply: the node goes away
    }

    /**
     * RAFT.DEBUG COMPACT [async] | NODECFG id flags | USED_NODE_IDS | EXEC cmd args... | COMMANDSPEC cmd
     * (node-local, reference §1.2) | tests: NETDROP [id...], CLOCK ms, FSYNC-DELAY ms.
     */
    private static void debug(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("raft.debug"));
            return;
        }
        if (TestHooks.handles(argv[1])) {
            TestHooks.run(rt, argv, out);
            return;
        }
        String err = rt.stateError();
        if (is(argv[1], "compact")) {
            if (err != null) {
                out.error(err);
                return;
            }
            boolean async = false;
            if (argv.length > 2) {
                try {
                    async = Long.parseLong(str(argv[2])) != 0;
                } catch (NumberFormatException e) {
                    out.error("ERR invalid compact async value");
                    return;
                }
            }
            if (!rt.core().requestCompaction()) {
                out.error("ERR failed to begin compaction");
                return;
            }
            rt.drive(); // the next Ready asks for the snapshot, which starts on the writer thread
            if (!rt.snapshots().inProgress()) out.error("ERR failed to begin compaction");
            else if (async) out.status("OK");
            else rt.snapshots().awaitCompletion(s); // +OK once written and installed
        } else if (is(argv[1], "nodecfg")) {
            nodeCfg(rt, argv, out);
        } else if (is(argv[1], "used_node_ids")) {
            var ids = rt.core() == null ? List.<Integer>of() : rt.core().config().usedIds();
            out.arrayHeader(ids.size());
            for (int id : ids) out.integer(id);
        } else if (is(argv[1], "exec")) {
            if (argv.length < 3) {
                out.error(Replies.arity("raft.debug"));
                return;
            }
            if (rt.status().isLoadingDataset()) { // the keyspace is not there yet
                out.error(RaftRuntime.LOADING);
                return;
            }
            // Runs on this node only, bypassing Raft (tests read followers' state this way).
            rt.store().execute(java.util.Arrays.asList(java.util.Arrays.copyOfRange(argv, 2, argv.length)),
                    new io.redraft.store.ExecContext(rt.clock().millis(), rt.random().nextLong(), s.protocol()), out);
        } else if (is(argv[1], "netdrop")) {
            rt.netDrop().command(rt.config(), argv, out);
        } else if (is(argv[1], "commandspec") && argv.length == 3) {
            int flags = CommandSpecs.of(lower(argv[2]), rt.router().ignored());
            if (flags == 0) out.error("ERR unknown command");
            else out.integer(flags);
        } else {
            out.error("ERR invalid debug subcommand");
        }
    }

    /**
     * RAFT.DEBUG NODECFG id "+voting -voting +active -active ...": changes this node's view of a
     * member, outside the log (RedisRaft's tests forge configurations this way). Tokens before a
     * bad one stay applied, as in RedisRaft. The core has no inactive members: +/-active are
     * accepted and change nothing.
     */
    private static void nodeCfg(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (argv.length != 4) {
            out.error(Replies.arity("raft.debug"));
            return;
        }
        long id;
        try {
            id = Long.parseLong(str(argv[2]));
        } catch (NumberFormatException e) {
            out.error("ERR invalid node id");
            return;
        }
        if (rt.core() == null || id < Integer.MIN_VALUE || id > Integer.MAX_VALUE || !rt.core().config().contains((int) id)) {
            out.error("ERR node does not exist");
            return;
        }
        for (String tok : str(argv[3]).split(" ")) {
            switch (tok.toLowerCase(java.util.Locale.ROOT)) {
                case "" -> { }
                case "+voting" -> rt.core().debugSetVoting((int) id, true);
                case "-voting" -> rt.core().debugSetVoting((int) id, false);
                case "+active", "-active" -> { }
                default -> {
                    out.error("ERR invalid nodecfg option");
                    return;
                }
            }
        }
        out.status("OK");
    }

    private static void rpc(RaftRuntime rt, ClientSession s, String name, byte[][] argv, ReplySink out) {
        String err = rt.rpcStateError();
        if (err != null) {
            out.error(err);
            return;
        }
        int self = rt.core().id();
        try {
            RaftMessage m = switch (name) {
                case "raft.ae" -> {
                    AppendEntriesRequest ae = RaftWire.parseAppendEntries(argv, self);
                    rt.stats().appendReceived(!ae.entries().isEmpty());
                    yield ae;
                }
                case "raft.requestvote" -> RaftWire.parseVote(argv, self);
                case "raft.snapshot" -> {
                    rt.stats().snapshotReceived();
                    yield RaftWire.parseSnapshot(argv, self);
                }
                default -> null;
            };
            // RAFT.TIMEOUT_NOW without arguments is an operator's; with them it is a leader's, as the rest.
            int from = m != null ? m.from() : argv.length == 4 ? RaftWire.sourceId(argv) : -1;
            if (from >= 0) {
                String refused = rt.peerGuard().check(s, from, rt.dbid());
                if (refused != null) {
                    out.error(refused);
                    return;
                }
            }
            if (m == null) {
                timeoutNow(rt, argv, out);
                return;
            }
            if (rt.netDrop().drops(m.from())) { // test-only: lost; closing keeps the sender's replies paired
                rt.node().closeAfterReply(s);
                return;
            }
            rt.inbound().expect(s, m);
            rt.core().step(m);
        } catch (RaftWire.BadRequest e) {
            out.error(e.getMessage());
        }
    }

    private static void timeoutNow(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (rt.core().isLeader()) {
            out.status("OK");
            return;
        }
        int from = rt.core().leaderId();
        long term = rt.core().term();
        if (argv.length == 4) {
            try {
                from = Integer.parseInt(str(argv[2]));
                term = Long.parseLong(str(argv[3]));
            } catch (NumberFormatException e) {
                out.error("ERR invalid message");
                return;
            }
        }
        rt.core().step(new TimeoutNow(from, rt.core().id(), term));
        out.status("OK");
    }
}
