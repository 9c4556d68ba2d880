package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static io.redraft.server.importer.RedisRaftFiles.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import io.redraft.server.importer.RedisRaftFiles;
import io.redraft.server.importer.RedisRaftFiles.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams across RDB files at the node level, against a stock redis-server 7.0.15 (issue 20): a
 * node process's snapshot (RAFT.DEBUG COMPACT) holding streams with consumer groups, PELs, deleted
 * entries and trims loads in redis-server with XINFO STREAM FULL identical to what the node
 * answered; and a RedisRaft node whose snapshot RDB redis-server wrote (with such streams) is
 * converted at start and serves XINFO STREAM FULL identical to what redis-server answered.
 */
class StreamNodeRdbInteropTest {
    private static final String REDIS = "/usr/bin/redis-server";
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void needRedis() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(REDIS)), "needs redis-server");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
    }

    /** Streams of several listpack nodes, deleted entries, trims, groups with PELs, claims, an empty stream, XSETID. */
    static List<String[]> script() {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            s.add("XADD orders " + i + "-" + (i % 3) + " f " + (i % 4 == 0 ? "v".repeat(60 + i) : Integer.toString(i * 1000))
                    + " n " + (i % 7 == 0 ? "-" + i : "w" + i));
        }
        s.addAll(List.of("XDEL orders 3-0 10-1 11-2 150-0", "XTRIM orders MAXLEN = 235",
                "XGROUP CREATE orders g1 0", "XGROUP CREATE orders g2 $", "XGROUP CREATE orders g3 100-1 ENTRIESREAD 60",
                "XREADGROUP GROUP g1 alice COUNT 12 STREAMS orders >", "XREADGROUP GROUP g1 bob COUNT 6 STREAMS orders >",
                "XREADGROUP GROUP g3 carl NOACK COUNT 4 STREAMS orders >", "XREADGROUP GROUP g3 dora COUNT 3 STREAMS orders >",
                "XGROUP CREATECONSUMER orders g1 idle", "XGROUP CREATECONSUMER orders g2 only",
                "XCLAIM orders g1 erin 0 28-1 29-2", "XCLAIM orders g1 erin 0 30-0 RETRYCOUNT 7 TIME 1234567",
                "XACK orders g1 31-1 32-2", "XDEL orders 33-0", "XREADGROUP GROUP g1 alice STREAMS orders 0",
                "XAUTOCLAIM orders g1 fred 0 0-0 COUNT 2",
                "XGROUP CREATE empty g $ MKSTREAM", "XGROUP CREATECONSUMER empty g c",
                "XADD setid 5-0 a 1", "XADD setid 6-0 a 2", "XDEL setid 6-0", "XSETID setid 9-0 ENTRIESADDED 40 MAXDELETEDID 8-0"));
        for (int i = 1; i <= 25; i++) s.add("XADD big " + i + "-0 payload " + "p".repeat(400 + 41 * i) + " n " + i);
        s.addAll(List.of("XTRIM big MINID 4-0", "XGROUP CREATE big late 10-0", "XREADGROUP GROUP late x COUNT 3 STREAMS big >"));
        return s.stream().map(l -> l.split(" ")).toList();
    }

    static final List<String> KEYS = List.of("orders", "empty", "setid", "big");

    /** What is compared: XINFO STREAM FULL (every entry) in RESP2 and RESP3, XINFO GROUPS, XPENDING, XRANGE. */
    static Map<String, String> probe(RawClient resp2, RawClient resp3) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : KEYS) {
            out.put("RESP2 XINFO STREAM " + k + " FULL", resp2.call("XINFO", "STREAM", k, "FULL", "COUNT", "0"));
            out.put("RESP3 XINFO STREAM " + k + " FULL", resp3.call("XINFO", "STREAM", k, "FULL", "COUNT", "0"));
            out.put("XINFO GROUPS " + k, resp2.call("XINFO", "GROUPS", k));
            out.put("XPENDING " + k + " g1", resp2.call("XPENDING", k, "g1"));
            out.put("XRANGE " + k, resp2.call("XRANGE", k, "-", "+"));
        }
        out.put("TYPE orders", resp2.call("TYPE", "orders"));
        return out;
    }

    private static void run(RawClient c, String... argv) throws Exception {
        String r = c.call(argv);
        assertThat(r).as(String.join(" ", argv)).doesNotStartWith("-");
    }

    @Test
    void aNodesSnapshotWithStreamsLoadsInStockRedisWithEveryGroupAndPel() throws Exception {
        int port = freePort();
        Path node = Files.createDirectories(dir.resolve("node"));
        ChildNode.start(processes, "-Xmx256m", port, dir.resolve("node.out"), "--dir", node.toString(),
                "--dbfilename", "node.rdb");
        Map<String, String> answered;
        try (RawClient c = new RawClient(port); RawClient c3 = new RawClient(port)) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (String[] argv : script()) run(c, argv);
            assertThat(c3.call("HELLO", "3")).startsWith("%");
            answered = probe(c, c3);
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            assertThat(probe(c, c3)).as("compacting changes nothing").isEqualTo(answered);
        }
        assertThat(answered.get("RESP2 XINFO STREAM orders FULL")).contains("alice", "erin", "fred", "idle");

        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        Files.copy(node.resolve("node.rdb"), redisDir.resolve("copy.rdb"));
        int rport = startRedis(redisDir, "copy.rdb");
        try (RawClient r = new RawClient(rport); RawClient r3 = new RawClient(rport)) {
            assertThat(r.call("DBSIZE")).isEqualTo(":" + (KEYS.size() + 1) + "\r\n");
            r3.call("HELLO", "3");
            assertThat(probe(r, r3)).isEqualTo(answered);
        }
    }

    @Test
    void aRedisRaftNodeWhoseSnapshotRedisWroteServesItsStreamsAsRedisDid() throws Exception {
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        int rport = startRedis(redisDir, "dump.rdb");
        Map<String, String> answered;
        try (RawClient r = new RawClient(rport); RawClient r3 = new RawClient(rport)) {
            for (String[] argv : script()) run(r, argv);
            r3.call("HELLO", "3");
            answered = probe(r, r3);
            assertThat(r.call("SAVE")).isEqualTo("+OK\r\n");
        }
        assertThat(answered.get("RESP2 XINFO STREAM orders FULL")).contains("alice", "erin", "fred", "idle", "g3");
        String dbid = "0123456789abcdef0123456789abcdef";
        int port = freePort();
        Path node = Files.createDirectories(dir.resolve("n1"));
        Files.write(node.resolve("dump.rdb"), RedisRaftFiles.rdbAround(dbid, 2, 5, List.of(new Node(7, true, "127.0.0.1", port)),
                List.of(7), Files.readAllBytes(redisDir.resolve("dump.rdb"))));
        // The log: 4-5 covered by the snapshot, 6 a tail applied on top of it.
        Files.write(node.resolve("redisraft.db"), new RedisRaftFiles.Log(dbid, 7, 1, 3)
                .entry(1, 0, command("SET", "covered", "by the snapshot"))
                .entry(2, 4, new byte[0])
                .entry(2, 0, command("SET", "tail", "applied"))
                .bytes());
        Files.write(node.resolve("redisraft.db.meta"), RedisRaftFiles.meta(dbid, 7, 2, 7));
        Files.write(node.resolve("redisraft.db.idx"), new byte[8 * 4]);

        ChildNode.start(processes, "-Xmx256m", port, dir.resolve("n1.out"), "--dir", node.toString());
        try (RawClient c = new RawClient(port); RawClient c3 = new RawClient(port)) {
            await(() -> c.call("GET", "tail"), r -> r.equals("$7\r\napplied\r\n"));
            assertThat(node.resolve("dump.rdb.redisraft-orig")).exists();
            c3.call("HELLO", "3");
            assertThat(probe(c, c3)).isEqualTo(answered);
            assertThat(c.call("GET", "covered")).isEqualTo("$-1\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":" + (KEYS.size() + 1) + "\r\n");
        }
    }

    private int startRedis(Path redisDir, String dbfilename) throws Exception {
        int rport = freePort();
        processes.add(new ProcessBuilder(REDIS, "--port", Integer.toString(rport), "--bind", "127.0.0.1",
                "--dir", redisDir.toString(), "--dbfilename", dbfilename, "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis-" + rport + ".log").toFile()).start());
        await(() -> {
            try (RawClient r = new RawClient(rport)) {
                return r.call("PING");
            }
        }, r -> r.equals("+PONG\r\n"));
        return rport;
    }
}
