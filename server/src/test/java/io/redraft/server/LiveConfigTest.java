package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Parameters RedisRaft applies live: a CONFIG SET changes what the node does, without a restart.
 * (Elsewhere: election-timeout in ClusterTest, follower-proxy in ClusterTest and
 * ClientSessionsClusterTest, the log levels and raft.trace in LogSetupTest.)
 */
class LiveConfigTest extends InProcessClusterFixture {
    private static RawClient initialized(int port) throws Exception {
        RawClient c = new RawClient(port);
        assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
        await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
        return c;
    }

    /** SETs of 100-byte values one at a time (pipelined ones would share log entries): one entry each. */
    private static void write(RawClient c, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) assertThat(c.call("SET", prefix + i, "x".repeat(100))).isEqualTo("+OK\r\n");
    }

    private static long number(RawClient c, String field) throws Exception {
        return Long.parseLong(field(c.call("INFO", "raft"), field));
    }

    @Test
    void logMaxFileSizeAppliesLive() throws Exception {
        int port = freePort();
        cluster.start("n1", port, "--dbfilename", "a.rdb");
        try (RawClient c = initialized(port)) {
            write(c, "k", 400);
            assertThat(number(c, "raft_file_size")).isGreaterThan(40_000);
            assertThat(number(c, "raft_snapshots_created")).isZero(); // far below the default 128 MB

            assertThat(c.call("CONFIG", "SET", "raft.log-max-file-size", "20000")).isEqualTo("+OK\r\n");
            // No write needed: the next tick finds the log past the new limit and compacts it.
            await(() -> field(c.call("INFO", "raft"), "raft_snapshots_created"), v -> !v.equals("0"));
            await(() -> field(c.call("INFO", "raft"), "raft_file_size"), v -> Long.parseLong(v) < 20_000);
            assertThat(number(c, "raft_snapshot_last_idx")).isGreaterThan(400);
        }
    }

    @Test
    void logMaxCacheSizeAppliesLive() throws Exception {
        int port = freePort();
        cluster.start("n1", port, "--dbfilename", "a.rdb");
        try (RawClient c = initialized(port)) {
            write(c, "k", 200);
            assertThat(number(c, "raft_cache_memory_size")).isGreaterThan(20_000); // the default 64 MB holds them all
            long entries = number(c, "raft_cache_entries");
            assertThat(entries).isGreaterThan(200);

            // A lower bound evicts at once, without waiting for the next append.
            assertThat(c.call("CONFIG", "SET", "raft.log-max-cache-size", "4kb")).isEqualTo("+OK\r\n");
            await(() -> field(c.call("INFO", "raft"), "raft_cache_memory_size"), v -> Long.parseLong(v) <= 4096);
            assertThat(number(c, "raft_cache_entries")).isPositive().isLessThan(entries);
            write(c, "m", 200);
            assertThat(number(c, "raft_cache_memory_size")).isPositive().isLessThanOrEqualTo(4096);

            // 0 = unbounded: the cache grows again.
            assertThat(c.call("CONFIG", "SET", "raft.log-max-cache-size", "0")).isEqualTo("+OK\r\n");
            await(() -> {
                write(c, "n", 50);
                return field(c.call("INFO", "raft"), "raft_cache_memory_size");
            }, v -> Long.parseLong(v) > 20_000);
            // Reading entries back still works with the cache bounded (the rest come from the file).
            assertThat(c.call("GET", "k0")).isEqualTo("$100\r\n" + "x".repeat(100) + "\r\n");
        }
    }
}
