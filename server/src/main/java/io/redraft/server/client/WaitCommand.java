package io.redraft.server.client;

import io.redraft.raft.PeerStatus;
import io.redraft.raft.RaftNode;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.store.Nums;
import java.util.concurrent.TimeUnit;

/**
 * WAIT numreplicas timeout, in Raft's terms: the number of other nodes whose log holds this
 * connection's last write (the leader's match index for each follower is at or past the entry
 * the write went into; with {@code raft.log-fsync yes} a follower acknowledges only what it has
 * fsynced). A write is answered once a majority holds it, so right after one WAIT counts at
 * least a majority minus one; WAIT then waits, up to {@code timeout} ms (0: for ever), for the
 * rest. A connection that wrote nothing counts every follower. Answered on the leader (followers
 * redirect, as for any intercepted command).
 */
final class WaitCommand {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private WaitCommand() {}

    static void run(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 3) {
            out.error("ERR wrong number of arguments for 'wait' command");
            return;
        }
        Long want = Nums.parseLongOr(argv[1], null);
        if (want == null) {
            out.error("ERR value is not an integer or out of range");
            return;
        }
        Long timeout = Nums.parseLongOr(argv[2], null);
        if (timeout == null) {
            out.error("ERR timeout is not an integer or out of range");
            return;
        }
        if (timeout < 0) {
            out.error("ERR timeout is negative");
            return;
        }
        long index = s.lastWriteIndex();
        int have = holding(rt, index);
        if (have >= want || s.multi() != null) {
            out.integer(have);
            return;
        }
        long deadline = timeout == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        rt.node().block(s);
        poll(rt, s, index, want, deadline);
    }

    private static void poll(RaftRuntime rt, ClientSession s, long index, long want, long deadline) {
        rt.node().schedule(POLL_NANOS, () -> {
            int have = holding(rt, index);
            if (have >= want || System.nanoTime() - deadline >= 0 || s.isGone()) {
                if (!s.isGone()) rt.node().sink(s).integer(have);
                rt.node().complete(s);
            } else {
                poll(rt, s, index, want, deadline);
            }
        });
    }

    /** Followers whose log holds {@code index}; 0 when this node no longer leads. */
    static int holding(RaftRuntime rt, long index) {
        RaftNode raft = rt.core();
        if (raft == null || !raft.isLeader()) return 0;
        int n = 0;
        for (PeerStatus p : raft.status().peers()) if (p.matchIndex() >= index) n++;
        return n;
    }
}
