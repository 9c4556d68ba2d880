package io.redraft.server.admin;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.Replies;

/**
 * Fault-injection commands for the test harness ({@code bin/redraft-faults}), refused unless the
 * node was started with {@code raft.test-hooks yes}:
 * <ul>
 *   <li>{@code RAFT.DEBUG CLOCK <offset-ms>}: the node's wall clock ({@link io.redraft.server.node.WallClock})
 *       reads that many ms ahead of the machine's (negative: behind); 0 restores it. Raft timing is
 *       monotonic and unaffected.</li>
 *   <li>{@code RAFT.DEBUG FSYNC-DELAY <ms>}: every fsync of the Raft log first waits that long, as a
 *       slow disk would; 0 restores it.</li>
 *   <li>{@code RAFT.DEBUG SLEEP <ms>}: the node thread sleeps that long, as one long command (KEYS over
 *       millions of keys) would hold it; the heartbeat keeper's test.</li>
 * </ul>
 * Subcommands are matched by their whole name, unlike RedisRaft's prefixes, so that a test typo
 * never lands on COMPACT.
 */
final class TestHooks {
    static final String DISABLED = "ERR test hooks are disabled; start the node with raft.test-hooks yes";

    private TestHooks() {}

    static boolean handles(byte[] sub) {
        String s = Replies.lower(sub);
        return s.equals("clock") || s.equals("fsync-delay") || s.equals("sleep");
    }

    static void run(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (!rt.config().testHooks()) {
            out.error(DISABLED);
            return;
        }
        if (argv.length != 3) {
            out.error(Replies.arity("raft.debug"));
            return;
        }
        long value;
        try {
            value = Long.parseLong(Replies.str(argv[2]));
        } catch (NumberFormatException e) {
            out.error("ERR value is not an integer or out of range");
            return;
        }
        if (Replies.lower(argv[1]).equals("clock")) {
            rt.clock().setOffsetMillis(value);
        } else if (Replies.lower(argv[1]).equals("sleep")) {
            try {
                Thread.sleep(Math.max(0, value));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            if (value < 0) {
                out.error("ERR value is out of range, must be positive");
                return;
            }
            rt.delayFsyncs(value);
        }
        out.status("OK");
    }
}
