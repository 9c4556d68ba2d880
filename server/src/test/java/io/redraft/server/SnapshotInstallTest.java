package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.snapshot.SnapshotHooks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A follower parses a received snapshot off its node thread: meanwhile it answers INFO, tells
 * clients LOADING (as RedisRaft in state loading), keeps taking the leader's heartbeats (so it
 * starts no election), and applies nothing on top of the old keyspace past the snapshot.
 */
class SnapshotInstallTest extends InProcessClusterFixture {

    @AfterEach
    void stop() {
        SnapshotHooks.beforeLoad = () -> { };
    }

    @Test
    void aFollowerLoadingAReceivedSnapshotKeepsItsLeaderAndAnswersLoading() throws Exception {
        int p1 = freePort(), p2 = freePort();
        cluster.start("n1", p1, "--dbfilename", "a.rdb");
        cluster.start("n2", p2, "--dbfilename", "b.rdb");
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SnapshotHooks.beforeLoad = pauseUntil(loading, release);
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2)) {
            assertThat(c1.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c1.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (int i = 0; i < 300; i++) assertThat(c1.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");

            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            assertThat(loading.await(30, TimeUnit.SECONDS)).as("n2 started loading the snapshot").isTrue();

            String info = c2.call("INFO", "raft");
            assertThat(field(info, "raft_state")).isEqualTo("loading");
            assertThat(c2.call("GET", "k1")).isEqualTo("-LOADING Raft module is loading data\r\n");
            assertThat(c2.call("PING")).isEqualTo("+PONG\r\n");
            String term = field(info, "raft_current_term");
            long heartbeats = Long.parseLong(field(info, "raft_appendreq_received"));
            // the leader goes on writing; n2's core hears it (heartbeats) while the loader is stuck
            for (int i = 0; i < 50; i++) assertThat(c1.call("SET", "during" + i, "x")).isEqualTo("+OK\r\n");
            await(() -> field(c2.call("INFO", "raft"), "raft_appendreq_received"),
                    v -> Long.parseLong(v) >= heartbeats + 30);
            String still = c2.call("INFO", "raft");
            assertThat(field(still, "raft_state")).isEqualTo("loading");
            assertThat(field(still, "raft_current_term")).as("no election while loading").isEqualTo(term);
            assertThat(field(c1.call("INFO", "raft"), "raft_role")).isEqualTo("leader");

            release.countDown();
            await(() -> field(c2.call("INFO", "raft"), "raft_state"), v -> v.equals("up"));
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "DBSIZE"), r -> r.equals(":351\r\n"));
            assertThat(field(c2.call("INFO", "raft"), "raft_snapshots_received")).isEqualTo("1");
            assertThat(c2.call("RAFT.DEBUG", "EXEC", "GET", "k299")).isEqualTo("$4\r\nv299\r\n");
            await(() -> c2.call("DEBUG", "DIGEST"), d -> {
                try {
                    return d.equals(c1.call("DEBUG", "DIGEST"));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** A one-node cluster started with raft.snapshot-fail yes, serving. */
    private RawClient nodeWhoseSnapshotsFail() throws Exception {
        int port = freePort();
        cluster.start("n1", port, "--dbfilename", "a.rdb", "--raft.snapshot-fail", "yes");
        RawClient c = new RawClient(port);
        assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
        await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
        return c;
    }

    @Test
    void aFailingSnapshotIsReportedAsRedisRaftDoesAndTheNextOneWorks() throws Exception {
        try (RawClient c = nodeWhoseSnapshotsFail()) {
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("-debug rdbSave() failed\r\n");
            String info = c.call("INFO", "raft");
            assertThat(field(info, "raft_snapshots_created")).isEqualTo("0");
            assertThat(field(info, "raft_snapshot_in_progress")).isEqualTo("no");
            // The caller was told: this snapshot is not retried behind its back.
            assertThat(field(info, "raft_snapshots_failed")).isEqualTo("1");
            assertThat(field(info, "raft_snapshot_retry_in_ms")).isEqualTo("-1");
            try (var files = java.nio.file.Files.list(dir.resolve("n1"))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("a.rdb"));
            }
            assertThat(c.call("CONFIG", "SET", "raft.snapshot-fail", "no")).isEqualTo("+OK\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            info = c.call("INFO", "raft");
            assertThat(field(info, "raft_snapshots_created")).isEqualTo("1");
            assertThat(field(info, "raft_snapshot_consecutive_failures")).isEqualTo("0");
        }
    }

    /**
     * RedisRaft retries a failed compaction on a later tick. A snapshot nobody waits for (here
     * RAFT.DEBUG COMPACT 1; likewise the log past log-max-file-size) is asked for again after a
     * back-off while the fault lasts, and once it clears the log is compacted without a new trigger.
     */
    @Test
    void aFailedSnapshotIsRetriedWithBackOffUntilTheFaultClears() throws Exception {
        try (RawClient c = nodeWhoseSnapshotsFail()) {
            for (int i = 0; i < 50; i++) assertThat(c.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
            long logBefore = Long.parseLong(field(c.call("INFO", "raft"), "raft_log_entries"));
            assertThat(c.call("RAFT.DEBUG", "COMPACT", "1")).isEqualTo("+OK\r\n");

            await(() -> c.call("INFO", "raft"), r -> !field(r, "raft_snapshots_failed").equals("0"));
            String info = c.call("INFO", "raft");
            assertThat(field(info, "raft_snapshots_created")).isEqualTo("0");
            assertThat(Long.parseLong(field(info, "raft_snapshot_consecutive_failures"))).isPositive();
            assertThat(Long.parseLong(field(info, "raft_snapshot_retry_in_ms"))).isNotNegative();
            // Retried without a new trigger, and still failing: each attempt counted, nothing left behind.
            await(() -> c.call("INFO", "raft"), r -> Long.parseLong(field(r, "raft_snapshots_failed")) >= 2);
            assertThat(field(c.call("INFO", "raft"), "raft_snapshots_created")).isEqualTo("0");
            try (var files = java.nio.file.Files.list(dir.resolve("n1"))) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("a.rdb.tmp"));
            }

            assertThat(c.call("CONFIG", "SET", "raft.snapshot-fail", "no")).isEqualTo("+OK\r\n");
            await(() -> c.call("INFO", "raft"), r -> field(r, "raft_snapshots_created").equals("1"));
            info = c.call("INFO", "raft");
            assertThat(field(info, "raft_snapshot_consecutive_failures")).isEqualTo("0");
            assertThat(field(info, "raft_snapshot_retry_in_ms")).isEqualTo("-1");
            assertThat(Long.parseLong(field(info, "raft_snapshot_last_idx"))).isGreaterThan(50);
            assertThat(Long.parseLong(field(info, "raft_log_entries"))).isLessThan(logBefore);
            assertThat(dir.resolve("n1/a.rdb")).exists();
            assertThat(c.call("GET", "k49")).isEqualTo("$3\r\nv49\r\n");
        }
    }

    @Test
    void aRestartingNodeLoadsItsSnapshotOffTheNodeThreadAnsweringLoading() throws Exception {
        int port = freePort();
        RedraftServer server = cluster.start("n1", port, "--dbfilename", "a.rdb");
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (int i = 0; i < 200; i++) assertThat(c.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "after", "snapshot")).isEqualTo("+OK\r\n");
        }
        cluster.stop(server);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SnapshotHooks.beforeLoad = pauseUntil(loading, release);
        cluster.start("n1", port, "--dbfilename", "a.rdb");
        assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
        try (RawClient c = new RawClient(port)) {
            // listening already, while the snapshot is being loaded
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(field(c.call("INFO", "raft"), "raft_state")).isEqualTo("loading");
            assertThat(c.call("GET", "k1")).isEqualTo("-LOADING Raft module is loading data\r\n");
            assertThat(c.call("RAFT.DEBUG", "EXEC", "GET", "k1")).isEqualTo("-LOADING Raft module is loading data\r\n");
            assertThat(c.call("RAFT.CLUSTER", "INIT")).isEqualTo("-ERR Already cluster member\r\n");
            release.countDown();
            await(() -> c.call("GET", "after"), r -> r.equals("$8\r\nsnapshot\r\n"));
            assertThat(c.call("GET", "k199")).isEqualTo("$4\r\nv199\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":202\r\n");
            assertThat(field(c.call("INFO", "raft"), "raft_state")).isEqualTo("up");
        }
    }
}
