package io.redraft.server.client;

import io.redraft.raft.PeerStatus;
import io.redraft.raft.RaftNode;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.store.Nums;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
        Long timeout = timeout(argv[2], out);
        if (timeout == null) return;
        long index = s.lastWriteIndex();
        await(rt, s, timeout, () -> holding(rt, index) >= want, sink -> sink.integer(holding(rt, index)), out);
    }

    /** A WAIT-style timeout argument (ms, 0 for ever), or null after answering Redis's error. */
    static Long timeout(byte[] arg, ReplySink out) {
        Long timeout = Nums.parseLongOr(arg, null);
        if (timeout == null) {
            out.error("ERR timeout is not an integer or out of range");
            return null;
        }
        if (timeout < 0) {
            out.error("ERR timeout is negative");
            return null;
        }
        return timeout;
    }

    /**
     * Answers with {@code reply} at once when {@code done} holds (or inside MULTI, as Redis does),
     * else blocks the client and checks again every few ms until it holds or {@code timeoutMs}
     * (0: for ever) has passed.
     */
    static void await(RaftRuntime rt, ClientSession s, long timeoutMs, BooleanSupplier done, Consumer<ReplySink> reply,
                      ReplySink out) {
        if (done.getAsBoolean() || s.multi() != null) {
            reply.accept(out);
            return;
        }
        long deadline = timeoutMs == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        rt.node().block(s);
        poll(rt, s, done, reply, deadline);
    }

    private static void poll(RaftRuntime rt, ClientSession s, BooleanSupplier done, Consumer<ReplySink> reply, long deadline) {
        rt.node().schedule(POLL_NANOS, () -> {
            if (done.getAsBoolean() || System.nanoTime() - deadline >= 0 || s.isGone()) {
                if (!s.isGone()) reply.accept(rt.node().sink(s));
                rt.node().complete(s);
            } else {
                poll(rt, s, done, reply, deadline);
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
