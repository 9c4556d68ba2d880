package io.redraft.server;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripts through the log on 3 nodes: EVAL runs on every replica when its entry applies (equal
 * digests), SCRIPT LOAD is a logged write, so EVALSHA still finds the script on the node that
 * leads after the first leader stops (RedisRaft loses its script cache there: -NOSCRIPT).
 */
class ScriptClusterTest extends InProcessClusterFixture {
    static final String SCRIPT = "redis.call('INCRBY', KEYS[1], ARGV[1]); "
            + "redis.call('RPUSH', KEYS[2], redis.call('GET', KEYS[1])); return redis.call('LLEN', KEYS[2])";

    @Test
    void scriptsRunOnEveryReplicaAndTheCacheSurvivesFailover() throws Exception {
        int[] ports = cluster.form(3);
        String sha;
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("EVAL", SCRIPT, "2", "{s}n", "{s}l", "5")).isEqualTo(":1\r\n");
            assertThat(c.call("EVAL", SCRIPT, "2", "{s}n", "{s}l", "7")).isEqualTo(":2\r\n");
            assertThat(c.call("LRANGE", "{s}l", "0", "-1")).isEqualTo("*2\r\n$1\r\n5\r\n$2\r\n12\r\n");
            assertThat(c.call("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "{s}n")).isEqualTo("$2\r\n12\r\n");
            assertThat(c.call("EVAL_RO", "return redis.call('SET', KEYS[1], 'x')", "1", "{s}n"))
                    .startsWith("-ERR Write commands are not allowed from read-only scripts");
            String loaded = c.call("SCRIPT", "LOAD", "return redis.call('INCR', KEYS[1])");
            sha = loaded.substring(loaded.indexOf("\r\n") + 2, loaded.length() - 2);
            assertThat(sha).hasSize(40);
        }
        String d = InProcessCluster.await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
        assertThat(d).doesNotContain("0000000000000000000000000000000000000000");

        cluster.stop(cluster.server(0));
        String reply = InProcessCluster.await(Duration.ofSeconds(30), () -> {
            for (int i = 1; i < 3; i++) {
                try (RawClient c = new RawClient(ports[i])) {
                    String r = c.call("EVALSHA", sha, "1", "counter");
                    if (!r.startsWith("-MOVED") && !r.startsWith("-CLUSTERDOWN")) return r;
                }
            }
            return "no leader yet";
        }, r -> !r.equals("no leader yet"));
        assertThat(reply).isEqualTo(":1\r\n");
    }
}
