package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Parameters RedisRaft applies live: a CONFIG SET changes what the node does, without a restart.
 * (Elsewhere: election-timeout in ClusterTest, follower-proxy in ClusterTest and
 * ClientSessionsClusterTest, the log levels and raft.trace in LogSetupTest, snapshot-fail in
 * SnapshotInstallTest. append-req-max-count and snapshot-req-max-count only bound messages in
 * flight, which shows in timing alone; they take the same reconfigure path as the sizes here.)
 */
class LiveConfigTest extends InProcessClusterFixture {
    private static RawClient initialized(int port) throws Exception {
        RawClient c = new RawClient(port);
        assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
        await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
        return c;
    }

    /** A one-node cluster, initialized and serving. */
    private RawClient singleNode() throws Exception {
        int port = freePort();
        cluster.start("n1", port, "--dbfilename", "a.rdb");
        return initialized(port);
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
        try (RawClient c = singleNode()) {
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
        try (RawClient c = singleNode()) {
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

    /**
     * A live change on the leader that stops its heartbeats from reaching the followers in time
     * (they keep a 1 s election timeout): they elect a new leader, in a higher term. Without the
     * change applied, nothing would happen.
     */
    private void followersElectAnotherLeaderAfter(String param, String value) throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient leader = new RawClient(ports[0]); RawClient f1 = new RawClient(ports[1]);
             RawClient f2 = new RawClient(ports[2])) {
            long term = number(f1, "raft_current_term");
            assertThat(leader.call("CONFIG", "SET", param, value)).isEqualTo("+OK\r\n");
            await(() -> f1.call("INFO", "raft") + f2.call("INFO", "raft"), r -> r.contains("raft_role:leader"));
            assertThat(number(f1, "raft_current_term")).isGreaterThan(term);
        }
    }

    @Test
    void requestTimeoutAppliesLive() throws Exception {
        followersElectAnotherLeaderAfter("raft.request-timeout", "600000");
    }

    /** Timeouts are counted in ticks: a longer tick stretches the leader's heartbeat interval. */
    @Test
    void periodicIntervalAppliesLive() throws Exception {
        followersElectAnotherLeaderAfter("raft.periodic-interval", "600000");
    }

    /** With append-req-max-size 1 every AppendEntries carries one entry (the first is always sent). */
    @Test
    void appendReqMaxSizeAppliesLive() throws Exception {
        int[] ports = cluster.form(3);
        RedraftServer n3 = cluster.server(2);
        cluster.stop(n3);
        try (RawClient leader = new RawClient(ports[0])) {
            write(leader, "k", 100);
            assertThat(leader.call("CONFIG", "SET", "raft.append-req-max-size", "1")).isEqualTo("+OK\r\n");
            String applied = field(leader.call("INFO", "raft"), "raft_last_applied_index");
            cluster.start("n3", ports[2]);
            try (RawClient c3 = new RawClient(ports[2])) {
                await(() -> field(c3.call("INFO", "raft"), "raft_commit_index"),
                        v -> Long.parseLong(v) >= Long.parseLong(applied));
                // Catching up 100 entries takes one message with the default 2 MB limit.
                assertThat(number(c3, "raft_appendreq_with_entry_received")).isGreaterThanOrEqualTo(100);
            }
        }
    }

    @Test
    void snapshotReqMaxSizeAppliesLive() throws Exception {
        int p1 = freePort(), p2 = freePort();
        cluster.start("n1", p1, "--dbfilename", "a.rdb");
        cluster.start("n2", p2, "--dbfilename", "a.rdb");
        try (RawClient c1 = initialized(p1); RawClient c2 = new RawClient(p2)) {
            StringBuilder batch = new StringBuilder();
            java.util.Random random = new java.util.Random(1); // values LZF cannot shrink
            for (int i = 0; i < 300; i++) {
                batch.append(RawClient.command("SET", "key" + i, Long.toString(random.nextLong(), 36) + Long.toString(random.nextLong(), 36)));
            }
            c1.send(batch.toString());
            for (int i = 0; i < 300; i++) assertThat(c1.readReply()).isEqualTo("+OK\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            long size = number(c1, "raft_snapshot_size");
            assertThat(size).isGreaterThan(8192).isLessThan(65536); // one chunk with the default size

            assertThat(c1.call("CONFIG", "SET", "raft.snapshot-req-max-size", "2048")).isEqualTo("+OK\r\n");
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "DBSIZE"), r -> r.equals(":301\r\n"));
            assertThat(number(c2, "raft_snapshots_received")).isEqualTo(1);
            assertThat(number(c2, "raft_snapshotreq_received")).isGreaterThanOrEqualTo((size + 2047) / 2048);
        }
    }
}
