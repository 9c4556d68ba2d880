package io.redraft.server.client;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.store.Nums;

/**
 * WAITAOF numlocal numreplicas timeout (Redis 7.2), in Raft's terms: the log is the AOF, so a copy
 * counts when a log holding the connection's last write was fsynced, which only
 * {@code raft.log-fsync yes} promises. The local count is 1 once the write is committed: a leader
 * answers a write only when a majority has it fsynced, its own log included unless two followers
 * were faster; the replica count is WAIT's (followers whose log holds the write, acknowledged only
 * after their fsync). With {@code raft.log-fsync no} nothing is fsynced on purpose: asking for a
 * local copy gets Redis's error for appendonly off, and no follower counts.
 */
final class WaitAofCommand {
    private WaitAofCommand() {}

    static void run(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 4) {
            out.error("ERR wrong number of arguments for 'waitaof' command");
            return;
        }
        Long local = Nums.parseLongOr(argv[1], null);
        if (local == null) {
            out.error("ERR value is not an integer or out of range");
            return;
        }
        if (local < 0 || local > 1) {
            out.error("ERR value is out of range, value must between 0 and 1");
            return;
        }
        Long replicas = Nums.parseLongOr(argv[2], null);
        if (replicas == null) {
            out.error("ERR value is not an integer or out of range");
            return;
        }
        if (replicas < 0) {
            out.error("ERR value is out of range, must be positive");
            return;
        }
        Long timeout = WaitCommand.timeout(argv[3], out);
        if (timeout == null) return;
        boolean fsync = rt.config().logFsync();
        if (local > 0 && !fsync) {
            out.error("ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.");
            return;
        }
        long index = s.lastWriteIndex();
        WaitCommand.await(rt, s, timeout, () -> done(rt, index, local, replicas, fsync), sink -> reply(rt, sink, index, fsync), out);
    }

    private static boolean done(RaftRuntime rt, long index, long local, long replicas, boolean fsync) {
        return localCopy(rt, index, fsync) >= local && replicaCopies(rt, index, fsync) >= replicas;
    }

    private static void reply(RaftRuntime rt, ReplySink out, long index, boolean fsync) {
        out.arrayHeader(2);
        out.integer(localCopy(rt, index, fsync));
        out.integer(replicaCopies(rt, index, fsync));
    }

    private static int localCopy(RaftRuntime rt, long index, boolean fsync) {
        var raft = rt.core();
        return fsync && raft != null && raft.isLeader() && raft.status().commitIndex() >= index ? 1 : 0;
    }

    private static int replicaCopies(RaftRuntime rt, long index, boolean fsync) {
        return fsync ? WaitCommand.holding(rt, index) : 0;
    }
}
