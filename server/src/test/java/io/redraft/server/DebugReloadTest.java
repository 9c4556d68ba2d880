package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import io.redraft.resp.RedisProcess;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * DEBUG RELOAD on a 3-node cluster: the node takes a snapshot through compaction, reloads its
 * keyspace from it and applies the log after it. The dataset is unchanged (DEBUG DIGEST equal
 * before and after, and equal on every node), on the leader and on a follower, with writes
 * arriving meanwhile; Raft goes on (same leader, same term, new writes commit); and the values
 * did come from the file: their access times restart, as after Redis's own DEBUG RELOAD.
 */
class DebugReloadTest extends InProcessClusterFixture {
    /** The snapshot writer waits this long first, so that writes arrive while a reload is under way. */
    private static final String[] SETTINGS = {"--enable-debug-command", "yes", "--raft.snapshot-delay", "1"};

    @Test
    void reloadLeavesTheDatasetAndRaftAsTheyWereWhileWritesGoOn() throws Exception {
        int[] ports = cluster.form(3, SETTINGS);
        try (RawClient leader = new RawClient(ports[0]); RawClient follower = new RawClient(ports[1])) {
            assertThat(leader.call("DEBUG", "POPULATE", "3000", "key", "20")).isEqualTo("+OK\r\n");
            leader.call("HSET", "h", "a", "1", "b", "2");
            leader.call("ZADD", "z", "1", "a", "2", "b");
            leader.call("RPUSH", "l", "x", "y", "z");
            leader.call("SADD", "s", "1", "2", "three");
            leader.call("XADD", "x", "1-1", "f", "v");
            leader.call("SET", "ttl", "v", "EX", "1000");
            String before = sameEverywhere(ports);
            String info = leader.call("INFO", "raft");
            String term = field(info, "raft_current_term");
            long created = Long.parseLong(field(info, "raft_snapshots_created"));

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong acked = new AtomicLong();
            Thread writer = new Thread(() -> {
                try (RawClient w = new RawClient(ports[0])) {
                    while (!stop.get()) {
                        if (w.call("INCR", "counter").startsWith(":")) acked.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            try {
                InProcessCluster.await(acked::toString, n -> Long.parseLong(n) > 20);
                long ackedBefore = acked.get();
                assertThat(follower.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
                assertThat(leader.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
                // Writes committed while each reload held the apply; they continue afterwards.
                InProcessCluster.await(acked::toString, n -> Long.parseLong(n) > ackedBefore + 20);
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(leader.call("GET", "counter")).isEqualTo("$" + Long.toString(acked.get()).length() + "\r\n" + acked.get() + "\r\n");
            leader.call("DEL", "counter");
            assertThat(sameEverywhere(ports)).isEqualTo(before);

            info = leader.call("INFO", "raft");
            assertThat(field(info, "raft_role")).isEqualTo("leader");
            assertThat(field(info, "raft_current_term")).isEqualTo(term);
            assertThat(Long.parseLong(field(info, "raft_snapshots_created"))).isGreaterThan(created);
            assertThat(Long.parseLong(field(follower.call("INFO", "raft"), "raft_snapshots_created"))).isGreaterThan(0);
            assertThat(leader.call("SET", "after", "1")).isEqualTo("+OK\r\n");
            assertThat(leader.call("TTL", "ttl")).matches(":9\\d\\d\r\n");
            sameEverywhere(ports);
        }
    }

    /** A node whose snapshot already covers what it applied reloads that snapshot; errors are Redis's. */
    @Test
    void reloadWithNothingNewToCompactAndItsErrors() throws Exception {
        int port = cluster.form(1, SETTINGS)[0];
        try (RawClient c = new RawClient(port)) {
            c.call("SET", "k", "v");
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            String digest = c.call("DEBUG", "DIGEST");
            assertThat(c.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
            assertThat(c.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
            assertThat(c.call("DEBUG", "DIGEST")).isEqualTo(digest);
            assertThat(c.call("DEBUG", "RELOAD", "NOSAVE")).isEqualTo("-ERR not supported by RedisRaft\r\n");
            assertThat(c.call("DEBUG", "RELOAD", "x")).isEqualTo("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n");
            c.call("MULTI");
            assertThat(c.call("DEBUG", "RELOAD")).startsWith("-");
            c.call("DISCARD");
        }
    }

    /**
     * The values are the file's: a key RESTOREd with a long idle time is idle 0 after the reload,
     * as in redis-server 7.0.15 (its RDB keeps no access time under noeviction, nor does ours).
     */
    @Test
    void reloadedValuesComeFromTheSnapshotAsInRedis() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        int port = cluster.form(1, SETTINGS)[0];
        // Redis's DEBUG RELOAD saves dump.rdb in its dir: the test's, not the working directory,
        // where every later redis-server would load it.
        java.nio.file.Path redisDir = java.nio.file.Files.createDirectories(dir.resolve("redis"));
        try (RedisProcess redis = RedisProcess.start("--dir", redisDir.toString()); RawClient ours = new RawClient(port);
                RawClient theirs = new RawClient(redis.port())) {
            for (RawClient c : new RawClient[] {ours, theirs}) {
                c.call("SET", "src", "value");
                String dump = c.call("DUMP", "src");
                String payload = dump.substring(dump.indexOf("\r\n") + 2, dump.length() - 2);
                byte[] raw = payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                c.call(java.util.List.of("RESTORE".getBytes(), "idle".getBytes(), "0".getBytes(), raw, "IDLETIME".getBytes(),
                        "5000".getBytes()));
                assertThat(c.call("OBJECT", "IDLETIME", "idle")).as(c == ours ? "ours" : "redis").isEqualTo(":5000\r\n");
            }
            assertThat(ours.call("DEBUG", "RELOAD")).isEqualTo(theirs.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
            assertThat(ours.call("OBJECT", "IDLETIME", "idle")).isEqualTo(theirs.call("OBJECT", "IDLETIME", "idle"))
                    .isEqualTo(":0\r\n");
            assertThat(ours.call("GET", "idle")).isEqualTo(theirs.call("GET", "idle")).isEqualTo("$5\r\nvalue\r\n");
        }
    }

    private static String sameEverywhere(int[] ports) throws Exception {
        return InProcessCluster.sameDigestEverywhere(ports);
    }
}
