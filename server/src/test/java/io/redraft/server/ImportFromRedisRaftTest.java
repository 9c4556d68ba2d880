package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.importer.RedisRaftFiles.cfgChange;
import static io.redraft.server.importer.RedisRaftFiles.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.server.importer.RedisRaftFiles;
import io.redraft.server.importer.RedisRaftFiles.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redraft node started on a RedisRaft node's directory (snapshot RDB with RedisRaft's module
 * metadata, its text log with a tail past the snapshot and a torn last entry, its .meta) comes up
 * as the same node, with the data of the snapshot plus the log tail, and keeps the originals.
 */
class ImportFromRedisRaftTest {
    static final String DBID = "5f1e0c2a9b8d7e6f5a4b3c2d1e0f9a8b";
    @TempDir
    Path tmp;

    /** Entries 4..9: 4-5 are in the snapshot (5@2), 6-8 the tail, 9 torn in half. */
    private static byte[] log(int nodeId, boolean withEntry8, boolean torn9) {
        RedisRaftFiles.Log l = new RedisRaftFiles.Log(DBID, nodeId, 1, 3)
                .entry(1, 0, command("SET", "a", "overwritten-if-replayed")) // 4: covered by the snapshot
                .entry(2, 4, new byte[0]) // 5: NO_OP, the snapshot's last entry
                .entry(2, 0, command("SET", "c", "3")) // 6
                .entry(3, 0, RedisRaftFiles.commands("default", List.of(new String[] {"MULTI"},
                        new String[] {"INCR", "a"}, new String[] {"HSET", "h", "g", "w"}))); // 7: a transaction
        if (withEntry8) l.entry(3, 0, command("DEL", "b")); // 8
        byte[] b = l.bytes();
        if (!torn9) return b;
        byte[] full = l.entry(3, 0, command("SET", "e", "torn")).bytes();
        return Arrays.copyOf(full, b.length + (full.length - b.length) / 2);
    }

    private static void writeNode(Path dir, int nodeId, int vote, List<Node> nodes, byte[] log) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("dump.rdb"), RedisRaftFiles.rdb(DBID, 2, 5, nodes, List.of(11, 22, 33, 99),
                Map.of("a", "1", "b", "2"), Map.of("h", Map.of("f", "v"))));
        Files.write(dir.resolve("redisraft.db"), log);
        Files.write(dir.resolve("redisraft.db.meta"), RedisRaftFiles.meta(DBID, nodeId, 3, vote));
        Files.write(dir.resolve("redisraft.db.idx"), new byte[8 * 6]);
    }

    @Test
    void aRedisRaftNodeRestartsAsTheSameRedraftNode() throws Exception {
        int port = InProcessCluster.freePort();
        Path dir = tmp.resolve("n1");
        byte[] log = log(11, true, true);
        writeNode(dir, 11, 11, List.of(new Node(11, true, "127.0.0.1", port)), log);
        byte[] rdb = Files.readAllBytes(dir.resolve("dump.rdb"));

        try (InProcessCluster cluster = new InProcessCluster(tmp); RawClient c = new RawClient(startNode(cluster, port))) {
            String info = InProcessCluster.await(() -> c.call("INFO", "raft"), r -> r.contains("raft_role:leader"));
            assertThat(info).contains("raft_node_id:11\r\n", "raft_dbid:" + DBID + "\r\n", "raft_num_nodes:1\r\n");
            assertThat(term(info)).isGreaterThan(3); // it had term 3 and has won an election since
            // Snapshot keys, the tail applied on top (6: SET c, 7: MULTI INCR a + HSET, 8: DEL b), the torn 9 dropped;
            // entry 4 is in the snapshot and is not applied again.
            assertThat(serving(c, "GET", "a")).isEqualTo("$1\r\n2\r\n");
            assertThat(c.call("GET", "b")).isEqualTo("$-1\r\n");
            assertThat(c.call("GET", "c")).isEqualTo("$1\r\n3\r\n");
            assertThat(c.call("HGET", "h", "f")).isEqualTo("$1\r\nv\r\n");
            assertThat(c.call("HGET", "h", "g")).isEqualTo("$1\r\nw\r\n");
            assertThat(c.call("GET", "e")).isEqualTo("$-1\r\n");
            assertThat(c.call("SET", "after", "conversion")).isEqualTo("+OK\r\n");
        }
        // The originals, byte for byte, beside Redraft's files; no staging left.
        assertThat(Files.readAllBytes(dir.resolve("redisraft.db.redisraft-orig"))).isEqualTo(log);
        assertThat(Files.readAllBytes(dir.resolve("dump.rdb.redisraft-orig"))).isEqualTo(rdb);
        assertThat(dir.resolve("redisraft.db.meta.redisraft-orig")).exists();
        assertThat(dir.resolve("redisraft.db.idx.redisraft-orig")).exists();
        assertThat(dir.resolve("redisraft.db.redisraft-convert")).doesNotExist();
        assertThat(new String(Files.readAllBytes(dir.resolve("redisraft.db")), 0, 8, "US-ASCII")).isEqualTo("RDRFTLOG");

        // A second start is a plain Redraft restart: nothing converted again, nothing lost.
        try (InProcessCluster cluster = new InProcessCluster(tmp); RawClient c = new RawClient(startNode(cluster, port))) {
            assertThat(serving(c, "GET", "a")).isEqualTo("$1\r\n2\r\n");
            assertThat(c.call("GET", "after")).isEqualTo("$10\r\nconversion\r\n");
        }
    }

    /** Files that do not fit together stop the start, saying which file and where; nothing is changed. */
    @Test
    void inconsistentFilesStopTheStartNamingTheFile() throws Exception {
        int port = InProcessCluster.freePort();
        Path dir = tmp.resolve("n1");
        writeNode(dir, 11, 11, List.of(new Node(11, true, "127.0.0.1", port)), log(11, true, false));
        Files.write(dir.resolve("redisraft.db.meta"), RedisRaftFiles.meta(DBID, 12, 3, 11));
        try (InProcessCluster cluster = new InProcessCluster(tmp)) {
            assertThatThrownBy(() -> cluster.start("n1", port))
                    .hasMessageContaining("cannot open the Raft log: Cannot convert RedisRaft files: "
                            + dir.resolve("redisraft.db.meta") + " at offset 0: belongs to node 12 but "
                            + dir.resolve("redisraft.db") + " to node 11");
        }
        assertThat(new String(Files.readAllBytes(dir.resolve("redisraft.db")), 0, 4, "US-ASCII")).isEqualTo("*7\r\n");
        assertThat(dir.resolve("redisraft.db.redisraft-orig")).doesNotExist();
        assertThat(dir.resolve("redisraft.db.redisraft-convert")).doesNotExist();
    }

    /** The reply once the node serves: a new leader answers CLUSTERDOWN until its first entry is applied. */
    private static String serving(RawClient c, String... command) throws Exception {
        // A restarted node answers LOADING while it loads its snapshot, then CLUSTERDOWN until it leads.
        return InProcessCluster.await(() -> c.call(command), r -> !r.startsWith("-CLUSTERDOWN") && !r.startsWith("-LOADING"));
    }

    private static int startNode(InProcessCluster cluster, int port) throws Exception {
        cluster.start("n1", port);
        return port;
    }

    private static long term(String info) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith("raft_current_term:")) return Long.parseLong(line.substring("raft_current_term:".length()));
        }
        throw new AssertionError("no raft_current_term in " + info);
    }

    /**
     * A whole 3-node RedisRaft cluster stopped and started on Redraft: every directory is
     * converted (one node lagging one entry behind, with a torn entry), the nodes elect a leader
     * among the snapshot's members, the lagging node catches up, and all hold the same data.
     */
    @Test
    void aThreeNodeRedisRaftClusterRestartsOnRedraft() throws Exception {
        int[] ports = {InProcessCluster.freePort(), InProcessCluster.freePort(), InProcessCluster.freePort()};
        int[] ids = {11, 22, 33};
        List<Node> nodes = List.of(new Node(11, true, "127.0.0.1", ports[0]), new Node(22, true, "127.0.0.1", ports[1]),
                new Node(33, true, "127.0.0.1", ports[2]));
        for (int i = 0; i < 3; i++) {
            writeNode(tmp.resolve("n" + (i + 1)), ids[i], i < 2 ? 11 : -1, nodes, log(ids[i], i < 2, i == 2));
        }
        try (InProcessCluster cluster = new InProcessCluster(tmp)) {
            for (int i = 0; i < 3; i++) cluster.start("n" + (i + 1), ports[i]);
            int leader = Integer.parseInt(InProcessCluster.await(Duration.ofSeconds(60), () -> {
                for (int p : ports) {
                    try (RawClient c = new RawClient(p)) {
                        if (c.call("INFO", "raft").contains("raft_role:leader")) return Integer.toString(p);
                    }
                }
                return "none";
            }, r -> !r.equals("none")));
            try (RawClient c = new RawClient(leader)) {
                assertThat(c.call("INFO", "raft")).contains("raft_num_nodes:3\r\n", "raft_num_voting_nodes:3\r\n");
                InProcessCluster.await(() -> c.call("SET", "new", "write"), r -> r.equals("+OK\r\n"));
                assertThat(c.call("GET", "a")).isEqualTo("$1\r\n2\r\n");
                assertThat(c.call("GET", "b")).isEqualTo("$-1\r\n");
                assertThat(c.call("GET", "c")).isEqualTo("$1\r\n3\r\n");
            }
            String digests = InProcessCluster.await(Duration.ofSeconds(60), () -> {
                StringBuilder sb = new StringBuilder();
                for (int p : ports) {
                    try (RawClient c = new RawClient(p)) {
                        sb.append(c.call("DEBUG", "DIGEST").trim()).append(' ');
                    }
                }
                return sb.toString().trim();
            }, d -> {
                String[] s = d.split(" ");
                return s.length == 3 && s[0].matches("\\+[0-9a-f]{40}") && s[0].equals(s[1]) && s[1].equals(s[2]);
            });
            assertThat(digests).doesNotContain("0000000000000000000000000000000000000000");
            for (int i = 0; i < 3; i++) {
                try (RawClient c = new RawClient(ports[i])) {
                    assertThat(c.call("INFO", "raft")).contains("raft_node_id:" + ids[i] + "\r\n", "raft_dbid:" + DBID);
                }
                assertThat(tmp.resolve("n" + (i + 1)).resolve("redisraft.db.redisraft-orig")).exists();
            }
        }
    }
}
