package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;

/**
 * A script's calls over {@code maxmemory} on 3 nodes: whether the leader was over its limit when
 * it logged the script travels in the entry, so every replica fails the same calls (DEBUG DIGEST
 * equal) and a follower's own limit plays no part. The nodes share one JVM here, so only their
 * limits differ: the leader's 1 byte against the followers' none, then the other way round.
 */
class ScriptOverLimitClusterTest extends InProcessClusterFixture {
    /** Records in h whether its SET failed, with HDEL (a write Redis does not refuse over the limit). */
    private static final String SCRIPT = "local r = redis.pcall('set', 'x', ARGV[1])\n"
            + "if type(r) == 'table' and r['err'] then redis.call('hdel', 'h', 'ran'); return r['err'] end\n"
            + "redis.call('hdel', 'h', 'refused'); return 'ran'";

    @Test
    void aScriptLoggedOverTheLeadersLimitFailsAlikeOnEveryReplica() throws Exception {
        int[] ports = cluster.form(3, "--enable-debug-command", "yes");
        try (RawClient leader = new RawClient(ports[0])) {
            assertThat(leader.call("HSET", "h", "ran", "1", "refused", "1")).isEqualTo(":2\r\n");
            limits(ports, "1", "0");
            assertThat(leader.call("EVAL", SCRIPT, "0", "1"))
                    .isEqualTo("$55\r\nOOM command not allowed when used memory > 'maxmemory'.\r\n");
            assertThat(leader.call("EVAL", "return redis.call('set', 'x', '1')", "0"))
                    .matches("-OOM command not allowed when used memory > 'maxmemory'\\. script: [0-9a-f]{40}, on @user_script:1\\.\r\n");
            assertThat(leader.call("HKEYS", "h")).isEqualTo("*1\r\n$7\r\nrefused\r\n");
            assertThat(leader.call("EXISTS", "x")).isEqualTo(":0\r\n");
            String refused = sameEverywhere(ports);

            // The followers over their limits, the leader not: the script runs on every replica.
            limits(ports, "0", "1");
            assertThat(leader.call("HSET", "h", "ran", "1")).isEqualTo(":1\r\n");
            assertThat(leader.call("EVAL", SCRIPT, "0", "2")).isEqualTo("$3\r\nran\r\n");
            assertThat(leader.call("HKEYS", "h")).isEqualTo("*1\r\n$3\r\nran\r\n");
            assertThat(leader.call("GET", "x")).isEqualTo("$1\r\n2\r\n");
            assertThat(sameEverywhere(ports)).isNotEqualTo(refused);
        }
    }

    @Test
    void theOverLimitFactSurvivesTheEntrysEncoding() {
        var r = new io.redraft.server.client.CommandBatch.Request(7, false, java.util.List.<byte[][]>of(
                new byte[][] {"EVAL".getBytes(), "return 1".getBytes(), "0".getBytes()}), null, "alice");
        var over = io.redraft.server.client.CommandBatch.decode(
                new io.redraft.server.client.CommandBatch(5, 6, java.util.List.of(r), true).encode());
        assertThat(over.overLimit()).isTrue();
        assertThat(over.requests().get(0).user()).isEqualTo("alice");
        assertThat(new String(over.requests().get(0).commands().get(0)[1])).isEqualTo("return 1");
        byte[] under = new io.redraft.server.client.CommandBatch(5, 6, java.util.List.of(r)).encode();
        assertThat(under[0]).as("written as before when under the limit").isEqualTo((byte) 3);
        assertThat(io.redraft.server.client.CommandBatch.decode(under).overLimit()).isFalse();
    }

    private static void limits(int[] ports, String leader, String followers) throws Exception {
        for (int i = 0; i < ports.length; i++) {
            try (RawClient c = new RawClient(ports[i])) {
                assertThat(c.call("CONFIG", "SET", "maxmemory", i == 0 ? leader : followers)).isEqualTo("+OK\r\n");
            }
        }
    }

    /** Waits until every node has applied what the leader has, and returns the common digest. */
    private static String sameEverywhere(int[] ports) throws Exception {
        try (RawClient leader = new RawClient(ports[0])) {
            String digest = leader.call("DEBUG", "DIGEST");
            for (int i = 1; i < ports.length; i++) {
                try (RawClient f = new RawClient(ports[i])) {
                    InProcessCluster.await(() -> f.call("DEBUG", "DIGEST"), digest::equals);
                }
            }
            return digest;
        }
    }
}
