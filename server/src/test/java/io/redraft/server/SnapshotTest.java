package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.snapshot.SnapshotHooks;
import io.redraft.store.Bytes;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Snapshots are Redis RDB files, written on a background thread while the node keeps serving. */
class SnapshotTest extends InProcessClusterFixture {
    private Process redis;

    @AfterEach
    void stop() {
        SnapshotHooks.beforeWrite = () -> { };
        if (redis != null) redis.destroyForcibly();
    }

    private RedraftServer start(int port, String... extra) throws Exception {
        return start("n1", port, extra);
    }

    private RedraftServer start(String name, int port, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dbfilename", "snap.rdb"));
        args.addAll(List.of(extra));
        return cluster.start(name, port, args.toArray(new String[0]));
    }

    private static RawClient initialized(int port) throws Exception {
        RawClient c = new RawClient(port);
        assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
        await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
        return c;
    }

    @Test
    void compactWritesAnRdbThatStockRedisLoads() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs redis-server");
        int port = freePort();
        start(port);
        try (RawClient c = initialized(port)) {
            for (int i = 0; i < 300; i++) assertThat(c.call("SET", "s" + i, "value-" + i)).isEqualTo("+OK\r\n");
            c.call("HSET", "h", "f1", "a", "f2", "b");
            c.call("RPUSH", "l", "x", "y", "z");
            c.call("SADD", "set", "m1", "m2");
            c.call("ZADD", "z", "1.5", "one", "2", "two");
            c.call("SET", "ttl", "v", "EX", "1000");
            c.call("SET", "n", "12345");
            String before = c.call("INFO", "raft");
            assertThat(field(before, "raft_snapshot_in_progress")).isEqualTo("no");
            assertThat(field(before, "raft_snapshot_in_progress_last_idx")).isEqualTo("-1");
            assertThat(field(before, "raft_snapshot_time_secs")).isEqualTo("-1");

            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            String info = c.call("INFO", "raft");
            assertThat(field(info, "raft_snapshots_created")).isEqualTo("1");
            assertThat(field(info, "raft_snapshot_filename")).isEqualTo("snap.rdb");
            assertThat(field(info, "raft_snapshot_last_idx")).isEqualTo(field(info, "raft_last_applied_index"));
            assertThat(field(info, "raft_snapshot_last_term")).isEqualTo(field(info, "raft_current_term"));
            assertThat(field(info, "raft_snapshot_time_secs")).isEqualTo("0");
            assertThat(field(info, "raft_snapshot_in_progress")).isEqualTo("no");
            Path file = dir.resolve("n1/snap.rdb");
            assertThat(field(info, "raft_snapshot_size")).isEqualTo(Long.toString(Files.size(file)));
            assertThat(c.call("RAFT.DEBUG", "COMPACT", "x")).isEqualTo("-ERR invalid compact async value\r\n");

            Process check = new ProcessBuilder("/usr/bin/redis-check-rdb", file.toString()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(check.waitFor()).as(out).isEqualTo(0);
            assertThat(out).contains("RDB looks OK").contains("redraft-last-index");

            Path redisDir = Files.createDirectories(dir.resolve("redis"));
            Files.copy(file, redisDir.resolve("dump.rdb"));
            int rport = freePort();
            redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(rport), "--bind", "127.0.0.1",
                    "--dir", redisDir.toString(), "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis.log").toFile()).start();
            String rDbsize = await(() -> {
                try (RawClient r = new RawClient(rport)) {
                    return r.call("DBSIZE");
                }
            }, r -> r.startsWith(":"));
            assertThat(rDbsize).isEqualTo(c.call("DBSIZE"));
            try (RawClient r = new RawClient(rport)) {
                for (String[] cmd : new String[][] {{"GET", "s17"}, {"HGETALL", "h"}, {"LRANGE", "l", "0", "-1"},
                        {"SMEMBERS", "set"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"GET", "n"}, {"PEXPIRETIME", "ttl"},
                        {"GET", "warm"}}) {
                    String want = c.call(cmd);
                    String got = r.call(cmd);
                    if (cmd[0].equals("SMEMBERS")) assertThat(got).hasSameSizeAs(want);
                    else assertThat(got).as(String.join(" ", cmd)).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void nodeServesWhileTheSnapshotIsWrittenAndRestartLoadsIt() throws Exception {
        int port = freePort();
        RedraftServer server = start(port);
        CountDownLatch writerBlocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RawClient c = initialized(port); RawClient other = new RawClient(port)) {
            for (int i = 0; i < 100; i++) assertThat(c.call("SET", "k" + i, "before")).isEqualTo("+OK\r\n");
            SnapshotHooks.beforeWrite = pauseUntil(writerBlocked, release);
            assertThat(c.call("RAFT.DEBUG", "COMPACT", "1")).isEqualTo("+OK\r\n"); // async: at once
            assertThat(writerBlocked.await(30, TimeUnit.SECONDS)).isTrue();
            String info = c.call("INFO", "raft");
            assertThat(field(info, "raft_snapshot_in_progress")).isEqualTo("yes");
            String snapIdx = field(info, "raft_snapshot_in_progress_last_idx");
            assertThat(Long.parseLong(snapIdx)).isGreaterThan(100);
            assertThat(field(info, "raft_snapshot_in_progress_last_term")).isEqualTo(field(info, "raft_current_term"));
            // The writer is stuck, yet writes and reads go on; the view keeps the old values.
            for (int i = 0; i < 100; i += 2) assertThat(c.call("SET", "k" + i, "during")).isEqualTo("+OK\r\n");
            assertThat(c.call("DEL", "k1")).isEqualTo(":1\r\n");
            assertThat(c.call("SET", "new", "during")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "k0")).isEqualTo("$6\r\nduring\r\n");
            assertThat(other.call("RAFT.DEBUG", "COMPACT")).isEqualTo("-ERR failed to begin compaction\r\n");
            // A blocking COMPACT caller waits for a snapshot; check that one caller is answered at the end.
            other.send(RawClient.command("RAFT.DEBUG", "COMPACT"));
            release.countDown();
            assertThat(other.readReply()).isIn("+OK\r\n", "-ERR failed to begin compaction\r\n");
            await(() -> field(c.call("INFO", "raft"), "raft_snapshots_created"), v -> !v.equals("0"));
            String done = c.call("INFO", "raft");
            assertThat(field(done, "raft_snapshot_in_progress")).isEqualTo("no");
            assertThat(field(done, "raft_snapshot_in_progress_last_idx")).isEqualTo("-1");

            RdbContents first = RdbReader.read(dir.resolve("n1/snap.rdb"));
            if (first.raft().lastIndex() == Long.parseLong(snapIdx)) { // not yet overtaken by the second COMPACT
                assertThat(value(first, "k0")).isEqualTo("before");
                assertThat(value(first, "k1")).isEqualTo("before");
                assertThat(value(first, "new")).isNull();
            }
        }
        cluster.stop(server);
        start(port);
        try (RawClient c = new RawClient(port)) {
            // The snapshot plus the log after it ("new" was the last write before the shutdown).
            await(() -> c.call("RAFT.DEBUG", "EXEC", "GET", "new"), r -> r.equals("$6\r\nduring\r\n"));
            assertThat(c.call("RAFT.DEBUG", "EXEC", "DBSIZE")).isEqualTo(":101\r\n");
            assertThat(c.call("RAFT.DEBUG", "EXEC", "GET", "k0")).isEqualTo("$6\r\nduring\r\n");
            assertThat(c.call("RAFT.DEBUG", "EXEC", "GET", "k3")).isEqualTo("$6\r\nbefore\r\n");
            assertThat(c.call("RAFT.DEBUG", "EXEC", "GET", "k1")).isEqualTo("$-1\r\n");
            assertThat(c.call("RAFT.DEBUG", "EXEC", "GET", "new")).isEqualTo("$6\r\nduring\r\n");
        }
    }

    @Test
    void aLogPastMaxFileSizeIsCompactedAutomatically() throws Exception {
        int port = freePort();
        start(port, "--raft.log-max-file-size", "20000");
        try (RawClient c = initialized(port)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 400; i++) batch.append(RawClient.command("SET", "key" + i, "x".repeat(100)));
            c.send(batch.toString());
            for (int i = 0; i < 400; i++) assertThat(c.readReply()).isEqualTo("+OK\r\n");
            await(() -> field(c.call("INFO", "raft"), "raft_snapshots_created"), v -> !v.equals("0"));
            String info = c.call("INFO", "raft");
            assertThat(Long.parseLong(field(info, "raft_file_size"))).isLessThan(20000 + 200 * 130);
            assertThat(Long.parseLong(field(info, "raft_snapshot_size"))).isGreaterThan(0);
        }
    }

    @Test
    void aJoiningNodeReceivesTheRdbInChunksOfSnapshotReqMaxSize() throws Exception {
        int p1 = freePort(), p2 = freePort();
        start("n1", p1, "--raft.snapshot-req-max-size", "4096", "--raft.snapshot-req-max-count", "4");
        start("n2", p2);
        try (RawClient c1 = initialized(p1); RawClient c2 = new RawClient(p2)) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 500; i++) batch.append(RawClient.command("SET", "key" + i, "v".repeat(50)));
            c1.send(batch.toString());
            for (int i = 0; i < 500; i++) assertThat(c1.readReply()).isEqualTo("+OK\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            long size = Long.parseLong(field(c1.call("INFO", "raft"), "raft_snapshot_size"));
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "DBSIZE"), r -> r.equals(":501\r\n"));
            String info = c2.call("INFO", "raft");
            assertThat(field(info, "raft_snapshots_received")).isEqualTo("1");
            assertThat(Long.parseLong(field(info, "raft_snapshotreq_received"))).isGreaterThanOrEqualTo((size + 4095) / 4096);
            assertThat(field(info, "raft_snapshot_size")).isEqualTo(Long.toString(size));
            assertThat(field(info, "raft_snapshot_last_idx")).isEqualTo(field(c1.call("INFO", "raft"), "raft_snapshot_last_idx"));
        }
    }

    /** Every key's type, value and absolute expiry, read through RAFT.DEBUG EXEC (works on any node). */
    private static String dump(RawClient c, int keys) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keys; i++) {
            String k = "k" + i;
            String type = c.call("RAFT.DEBUG", "EXEC", "TYPE", k);
            b.append(k).append(' ').append(type);
            if (type.equals("+string\r\n")) b.append(c.call("RAFT.DEBUG", "EXEC", "GET", k));
            if (type.equals("+hash\r\n")) b.append(c.call("RAFT.DEBUG", "EXEC", "HGETALL", k));
            b.append(c.call("RAFT.DEBUG", "EXEC", "PEXPIRETIME", k));
        }
        return b.toString();
    }

    @Test
    void manySnapshotsUnderConcurrentWritesThenRestartRecoversTheSameState() throws Exception {
        int port = freePort();
        RedraftServer server = start(port);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        int keys = 200;
        String before;
        long applied;
        try (RawClient c = initialized(port); RawClient admin = new RawClient(port)) {
            for (int round = 0; round < 20; round++) {
                assertThat(admin.call("RAFT.DEBUG", "COMPACT", "1")).isEqualTo("+OK\r\n");
                StringBuilder batch = new StringBuilder();
                int n = 200;
                for (int i = 0; i < n; i++) {
                    String k = "k" + r.nextInt(keys);
                    batch.append(switch (r.nextInt(6)) {
                        case 0 -> RawClient.command("SET", k, "v" + r.nextInt(1000));
                        case 1 -> RawClient.command("APPEND", k, "x");
                        case 2 -> RawClient.command("HSET", k, "f" + r.nextInt(4), "v" + i);
                        case 3 -> RawClient.command("DEL", k);
                        case 4 -> RawClient.command("EXPIRE", k, "100000");
                        default -> RawClient.command("PERSIST", k);
                    });
                }
                c.send(batch.toString());
                for (int i = 0; i < n; i++) c.readReply(); // WRONGTYPE replies included
                await(() -> field(admin.call("INFO", "raft"), "raft_snapshot_in_progress"), v -> v.equals("no"));
            }
            String info = c.call("INFO", "raft");
            assertThat(Long.parseLong(field(info, "raft_snapshots_created"))).isGreaterThanOrEqualTo(10);
            before = dump(c, keys);
            applied = Long.parseLong(field(c.call("INFO", "raft"), "raft_last_applied_index"));
        }
        cluster.stop(server);
        start(port);
        try (RawClient c = new RawClient(port)) {
            // Snapshot loaded, then the log after it replayed.
            await(() -> field(c.call("INFO", "raft"), "raft_last_applied_index"), v -> Long.parseLong(v) >= applied);
            assertThat(dump(c, keys)).isEqualTo(before);
        }
    }

    private static String value(RdbContents c, String key) {
        var o = c.keyspace().get(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), 0);
        return o == null ? null : new String(((io.redraft.store.string.StringValue) o).bytes(), StandardCharsets.UTF_8);
    }
}
