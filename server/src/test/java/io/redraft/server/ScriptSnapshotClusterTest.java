package io.redraft.server;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The script cache and the function libraries are replicated state that snapshots carry: a node
 * that catches up from the leader's snapshot, and every node after a full restart from its own
 * snapshot, runs EVALSHA and FCALL on what was loaded before the snapshot. Random scripts over
 * many keys, reading TIME, SRANDMEMBER and math.random, leave every replica with the same digest,
 * before and after both.
 */
class ScriptSnapshotClusterTest extends InProcessClusterFixture {
    static final String LIB = "#!lua name=counters\n"
            + "redis.register_function('bump', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)";
    static final String LOADED = "return redis.call('INCR', KEYS[1])";

    /** Random writes over many keys; what they write depends on the entry's time and seed. */
    static final String[] RANDOM_SCRIPTS = {
            "local t = redis.call('TIME') local n = 0 "
                    + "for i = 1, #KEYS do local r = math.random(4) local k = KEYS[i] "
                    + "if r == 1 then redis.call('SADD', '{g}set', k .. ':' .. math.random(50), t[2]) "
                    + "elseif r == 2 then local m = redis.call('SRANDMEMBER', '{g}set') if m then redis.call('SET', k, m) end "
                    + "elseif r == 3 then redis.call('HSET', k .. ':h', 'f' .. math.random(10), t[1] .. '.' .. t[2]) "
                    + "else n = n + redis.call('INCRBY', k .. ':n', math.random(100)) end end return n",
            "local m = redis.call('SRANDMEMBER', '{g}set', -3) for i, v in ipairs(m) do "
                    + "redis.call('RPUSH', KEYS[1] .. ':l', v, tostring(math.random())) end "
                    + "redis.call('ZADD', '{g}z', math.random(1000), ARGV[1]) return #m",
            "math.randomseed(tonumber(ARGV[1])) local x = math.random(1000000) "
                    + "redis.call('SET', KEYS[1], x) redis.call('SPOP', '{g}set') return x",
    };

    private static String await(Callable<String> probe, Predicate<String> done) throws Exception {
        return InProcessCluster.await(Duration.ofSeconds(60), probe, done);
    }

    private static String bulk(String reply) {
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    /** Runs {@code n} random scripts (EVAL and EVALSHA) through {@code c}, a leader. */
    static void randomScripts(RawClient c, SplittableRandom r, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            List<String> argv = new ArrayList<>();
            String body = RANDOM_SCRIPTS[r.nextInt(RANDOM_SCRIPTS.length)];
            boolean bySha = r.nextBoolean();
            argv.add(bySha ? "EVALSHA" : "EVAL");
            argv.add(bySha ? bulk(c.call("SCRIPT", "LOAD", body)) : body);
            int keys = 1 + r.nextInt(8);
            argv.add(Integer.toString(keys));
            for (int k = 0; k < keys; k++) argv.add("{g}k" + r.nextInt(100));
            argv.add(Integer.toString(r.nextInt(1000)));
            String reply = c.call(argv.toArray(new String[0]));
            assertThat(reply).as("script %s", argv).doesNotStartWith("-");
        }
    }

    /** The reply of {@code argv} from whichever node leads (followers redirect or refuse). */
    static String onLeader(int[] ports, String... argv) throws Exception {
        return await(() -> {
            for (int p : ports) {
                try (RawClient c = new RawClient(p)) {
                    String r = c.call(argv);
                    if (!r.startsWith("-MOVED") && !r.startsWith("-CLUSTERDOWN") && !r.startsWith("-LOADING")
                            && !r.startsWith("-NOLEADER")) {
                        return r;
                    }
                } catch (java.io.IOException e) {
                    // that node is not up yet
                }
            }
            return "no leader yet";
        }, r -> !r.equals("no leader yet"));
    }

    @Test
    void aNodeCaughtUpFromASnapshotRunsWhatWasLoadedBeforeIt() throws Exception {
        int[] ports = cluster.form(3);
        SplittableRandom r = new SplittableRandom(7);
        String sha;
        try (RawClient c1 = new RawClient(ports[0])) {
            randomScripts(c1, r, 50);
            cluster.stop(cluster.server(2));
            sha = bulk(c1.call("SCRIPT", "LOAD", LOADED));
            assertThat(c1.call("FUNCTION", "LOAD", LIB)).isEqualTo("$8\r\ncounters\r\n");
            randomScripts(c1, r, 100);
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
        }
        cluster.start("n3", ports[2]);
        try (RawClient c3 = new RawClient(ports[2])) {
            await(() -> field(c3.call("INFO", "raft"), "raft_snapshots_received"), v -> !v.equals("0"));
            String d = await(() -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
            assertThat(d).doesNotContain("0000000000000000000000000000000000000000");
            // n3 leads next, so the scripts run on the state it installed
            String n3 = nodeId(c3);
            try (RawClient c1 = new RawClient(ports[0])) {
                assertThat(c1.call("RAFT.TRANSFER_LEADER", n3)).isEqualTo("+OK\r\n");
            }
            await(() -> field(c3.call("INFO", "raft"), "raft_role"), v -> v.equals("leader"));
            assertThat(await(() -> c3.call("EVALSHA", sha, "1", "{g}c"), v -> !v.startsWith("-CLUSTERDOWN")))
                    .isEqualTo(":1\r\n");
            assertThat(c3.call("FCALL", "bump", "1", "{g}c", "10")).isEqualTo(":11\r\n");
            randomScripts(c3, r, 50);
        }
        String d = await(() -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
        assertThat(d).doesNotContain("0000000000000000000000000000000000000000");
    }

    @Test
    void libraryAndScriptCacheSurviveAFullRestartFromSnapshots() throws Exception {
        int[] ports = cluster.form(3);
        SplittableRandom r = new SplittableRandom(11);
        String sha;
        try (RawClient c1 = new RawClient(ports[0])) {
            sha = bulk(c1.call("SCRIPT", "LOAD", LOADED));
            assertThat(c1.call("FUNCTION", "LOAD", LIB)).isEqualTo("$8\r\ncounters\r\n");
            randomScripts(c1, r, 100);
        }
        String before = await(() -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
        // Every node's log is compacted past the loads: only the snapshots can bring them back.
        for (int p : ports) {
            try (RawClient c = new RawClient(p)) {
                assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            }
        }
        cluster.close();
        for (int i = 0; i < 3; i++) cluster.start("n" + (i + 1), ports[i]);
        assertThat(await(() -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual)).isEqualTo(before);
        assertThat(onLeader(ports, "FCALL", "bump", "1", "{g}c", "5")).isEqualTo(":5\r\n");
        assertThat(onLeader(ports, "EVALSHA", sha, "1", "{g}c")).isEqualTo(":6\r\n");
        assertThat(onLeader(ports, "FUNCTION", "LIST")).contains("counters").contains("bump");
        for (int p : ports) {
            try (RawClient c = new RawClient(p)) {
                if (field(c.call("INFO", "raft"), "raft_role").equals("leader")) {
                    randomScripts(c, r, 50);
                }
            }
        }
        String d = await(() -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
        assertThat(d).doesNotContain("0000000000000000000000000000000000000000").isNotEqualTo(before);
    }
}
