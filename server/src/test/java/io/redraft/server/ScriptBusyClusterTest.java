package io.redraft.server;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runaway scripts on 3 nodes: a read-only `while true do end` on the leader makes other clients
 * get -BUSY while the followers keep hearing their leader (no election), SCRIPT KILL stops it; a
 * slow script that may write is UNKILLABLE and ends on every replica with equal digests.
 */
class ScriptBusyClusterTest extends InProcessClusterFixture {
    static final String BUSY = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";

    /**
     * A connection to {@code port} that the node answered -BUSY: connections are spread over the
     * event loops, and only those on a loop other than the node's are answered while it runs a script.
     */
    private static RawClient busyConnection(int port, List<RawClient> opened) throws Exception {
        String[] last = {""};
        RawClient[] found = {null};
        InProcessCluster.await(Duration.ofSeconds(30), () -> {
            RawClient c = new RawClient(port, 300);
            opened.add(c);
            try {
                last[0] = c.call("GET", "x");
            } catch (IOException timedOut) { // on the node's own loop, or not busy yet: it waits
                last[0] = "waiting";
            }
            if (last[0].equals(BUSY)) found[0] = c;
            return last[0];
        }, r -> r.equals(BUSY));
        return found[0];
    }

    /**
     * A loop count that keeps this node's script engine busy for about {@code millis}, measured
     * with a short read-only run: a fixed count was over before the probe found a connection on a
     * fast machine. The count is a literal in the script, so every replica runs the same loop.
     */
    private static long loopsFor(RawClient c, long millis) throws Exception {
        long sample = 1_000_000;
        long start = System.nanoTime();
        assertThat(c.call("EVAL_RO", "local i = 0 while i < " + sample + " do i = i + 1 end return i", "0"))
                .isEqualTo(":" + sample + "\r\n");
        long tookMs = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        return Math.max(3_000_000, sample * millis / tookMs);
    }

    private static String sha1(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes()));
    }

    @Test
    void aRunawayReadOnlyScriptAnswersBusyKeepsTheLeaderAndIsKilled() throws Exception {
        int[] ports = cluster.form(3, "--io-threads", "4");
        List<RawClient> opened = new ArrayList<>();
        try (RawClient leader = new RawClient(ports[0]); RawClient follower = new RawClient(ports[1]);
             RawClient runner = new RawClient(ports[0], 60_000)) {
            assertThat(leader.call("SET", "x", "1")).isEqualTo("+OK\r\n");
            assertThat(leader.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
            assertThat(leader.call("CONFIG", "SET", "busy-reply-threshold", "10")).isEqualTo("+OK\r\n");
            String term = field(follower.call("INFO", "raft"), "raft_current_term");
            String leaderId = field(follower.call("INFO", "raft"), "raft_leader_id");

            runner.send(RawClient.command("EVAL_RO", "while true do end", "0"));
            RawClient other = busyConnection(ports[0], opened);
            assertThat(other.call("FUNCTION", "KILL")).isEqualTo(BUSY);
            assertThat(other.call("INFO")).isEqualTo(BUSY);
            // The followers keep hearing from the leader while its node thread is in the script.
            long heard = Long.parseLong(field(follower.call("INFO", "raft"), "raft_appendreq_received"));
            InProcessCluster.await(() -> field(follower.call("INFO", "raft"), "raft_appendreq_received"),
                    v -> Long.parseLong(v) >= heard + 20);
            assertThat(other.call("GET", "x")).as("still running").isEqualTo(BUSY);

            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(runner.readReply()).isEqualTo("-ERR Script killed by user with SCRIPT KILL... script: "
                    + sha1("while true do end") + ", on @user_script:1.\r\n");
            assertThat(other.call("GET", "x")).isEqualTo("$1\r\n1\r\n");
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
            String info = follower.call("INFO", "raft");
            assertThat(field(info, "raft_current_term")).as("no election").isEqualTo(term);
            assertThat(field(info, "raft_leader_id")).isEqualTo(leaderId);
        } finally {
            for (RawClient c : opened) c.close();
        }
    }

    @Test
    void aSlowScriptThatMayWriteIsUnkillableAndEndsTheSameEverywhere() throws Exception {
        int[] ports = cluster.form(3, "--io-threads", "4");
        List<RawClient> opened = new ArrayList<>();
        try (RawClient leader = new RawClient(ports[0]); RawClient runner = new RawClient(ports[0], 120_000)) {
            assertThat(leader.call("CONFIG", "SET", "busy-reply-threshold", "10")).isEqualTo("+OK\r\n");
            long loops = loopsFor(leader, 2_000);
            runner.send(RawClient.command("EVAL", "local i = 0 while i < " + loops + " do i = i + 1 end "
                    + "redis.call('SET', KEYS[1], i) return i", "1", "slow"));
            RawClient other = busyConnection(ports[0], opened);
            assertThat(other.call("SCRIPT", "KILL")).startsWith("-UNKILLABLE ");
            assertThat(runner.readReply()).isEqualTo(":" + loops + "\r\n");

            runner.send(RawClient.command("EVAL", "redis.call('SET', KEYS[1], 'w') local i = 0 while i < " + loops
                    + " do i = i + 1 end return i", "1", "slow"));
            other = busyConnection(ports[0], opened);
            assertThat(other.call("SCRIPT", "KILL")).isEqualTo("-UNKILLABLE Sorry the script already executed write commands "
                    + "against the dataset. You can either wait the script termination or kill the server in a hard way using "
                    + "the SHUTDOWN NOSAVE command.\r\n");
            assertThat(runner.readReply()).isEqualTo(":" + loops + "\r\n");
        } finally {
            for (RawClient c : opened) c.close();
        }
        String d = InProcessCluster.await(Duration.ofSeconds(60), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
        assertThat(d).doesNotContain("0000000000000000000000000000000000000000");
    }
}
