package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three in-process nodes over real sockets: INIT, JOIN (following MOVED), replicated writes, redirects. */
class ClusterTest extends InProcessClusterFixture {

    @Test
    void initJoinReplicateAndRedirect() throws Exception {
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        cluster.start("n1", p1);
        cluster.start("n2", p2);
        cluster.start("n3", p3);
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2); RawClient c3 = new RawClient(p3)) {
            String init = c1.call("RAFT.CLUSTER", "INIT");
            assertThat(init).matches("\\+OK [0-9a-f]{32}\r\n");
            String dbid = init.substring(4, 36);
            assertThat(c1.call("RAFT.CLUSTER", "INIT")).isEqualTo("-ERR Already cluster member\r\n");
            await(() -> c1.call("SET", "k", "v"), r -> r.equals("+OK\r\n"));
            assertThat(c1.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            // Writes pipeline through the log, and reads behind them ride along; anything else waits for them.
            c1.send(RawClient.command("SET", "p", "1") + RawClient.command("INCR", "p") + RawClient.command("GET", "p")
                    + RawClient.command("INCR", "p") + RawClient.command("PING") + RawClient.command("INCR", "p")
                    + RawClient.command("ECHO", "e") + RawClient.command("GET", "p") + RawClient.command("DEL", "p"));
            for (String want : new String[] {"+OK\r\n", ":2\r\n", "$1\r\n2\r\n", ":3\r\n", "+PONG\r\n", ":4\r\n",
                    "$1\r\ne\r\n", "$1\r\n4\r\n", ":1\r\n"}) {
                assertThat(c1.readReply()).isEqualTo(want);
            }
            assertThat(c1.call("INFO", "raft")).contains("raft_dbid:" + dbid).contains("raft_state:up")
                    .contains("raft_role:leader").contains("raft_num_nodes:1");

            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            // Through the follower n2: RAFT.NODE ADD there answers MOVED, which JOIN follows.
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p2)).isEqualTo("+OK\r\n");
            await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));

            assertThat(c1.call("SET", "k2", "v2")).isEqualTo("+OK\r\n");
            assertThat(c1.call("INCR", "n")).isEqualTo(":1\r\n");
            assertThat(c2.call("GET", "k")).isEqualTo("-MOVED 0 127.0.0.1:" + p1 + "\r\n");
            assertThat(c3.call("SET", "k", "x")).isEqualTo("-MOVED 0 127.0.0.1:" + p1 + "\r\n");
            await(() -> c3.call("INFO", "keyspace"), r -> r.contains("db0:keys=3,"));
            await(() -> c2.call("INFO", "keyspace"), r -> r.contains("db0:keys=3,"));
            assertThat(c2.call("CLUSTER", "SLOTS")).startsWith("*1\r\n*5\r\n:0\r\n:16383\r\n*3\r\n$9\r\n127.0.0.1\r\n:" + p1
                    + "\r\n$40\r\n" + dbid);
            assertThat(c2.call("CLUSTER", "NODES")).contains(" myself,slave " + dbid).contains(" master - 0 0 ")
                    .contains("connected 0-16383\n");
            assertThat(c2.call("CLUSTER", "INFO")).startsWith("$").contains("cluster_state:ok\r\n")
                    .contains("cluster_known_nodes:3\r\n").contains("cluster_size:1\r\n");
            assertThat(c2.call("CLUSTER", "ADDSLOTS", "1")).isEqualTo("-ERR Unknown subcommand.\r\n");
            String info2 = c2.call("INFO", "raft");
            assertThat(info2).contains("raft_role:follower").contains("raft_dbid:" + dbid)
                    .contains("state=connected");

            assertThat(c1.call("WATCH", "a")).isEqualTo("+OK\r\n");
            assertThat(c1.call("CONFIG", "SET", "raft.periodic-interval", "50")).isEqualTo("+OK\r\n");
            assertThat(c1.call("SET", "tick", "changed")).isEqualTo("+OK\r\n");
            assertThat(c2.call("WATCH", "a")).startsWith("-MOVED 0 ");
            // MULTI/EXEC is one entry, replies as an array.
            assertThat(c1.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c1.call("SET", "a", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c1.call("INCR", "a")).isEqualTo("+QUEUED\r\n");
            assertThat(c1.call("EXEC")).isEqualTo("*2\r\n+OK\r\n:2\r\n");
        }
    }

    private static RawClient[] clients(int[] ports) throws Exception {
        return new RawClient[] {new RawClient(ports[0]), new RawClient(ports[1]), new RawClient(ports[2])};
    }

    @Test
    void leaderFailoverAndRestartKeepEveryAcknowledgedWrite() throws Exception {
        int[] ports = cluster.form(3);
        RawClient[] c = clients(ports);
        for (int i = 0; i < 20; i++) assertThat(c[0].call("INCR", "ctr")).isEqualTo(":" + (i + 1) + "\r\n");
        // Kill the leader; one of the others takes over within a few election timeouts.
        cluster.server(0).close();
        c[0].close();
        String leaderReply = await(() -> c[1].call("INFO", "raft_general") + c[2].call("INFO", "raft_general"),
                r -> r.contains("raft_role:leader"));
        RawClient leader = leaderReply.indexOf("raft_role:leader") < leaderReply.indexOf("# raft_general", 10) ? c[1] : c[2];
        RawClient follower = leader == c[1] ? c[2] : c[1];
        await(() -> leader.call("INCR", "ctr"), r -> r.equals(":21\r\n"));
        assertThat(leader.call("GET", "ctr")).isEqualTo("$2\r\n21\r\n");
        assertThat(follower.call("GET", "ctr")).startsWith("-MOVED 0 127.0.0.1:");

        // The old leader comes back from its files, follows, and catches up.
        cluster.start("n1", ports[0]);
        try (RawClient back = new RawClient(ports[0])) {
            await(() -> back.call("INFO", "raft_general"), r -> r.contains("raft_role:follower") && r.contains("raft_leader_id:")
                    && !r.contains("raft_leader_id:-1"));
            await(() -> back.call("INFO", "keyspace"), r -> r.contains("db0:keys=2,"));
            assertThat(back.call("GET", "warm")).startsWith("-MOVED 0 ");
        }
        c[1].close();
        c[2].close();
    }

    @Test
    void newNodeCatchesUpFromASnapshotAndRestartsFromIt() throws Exception {
        int p1 = freePort(), p2 = freePort();
        cluster.start("n1", p1);
        RedraftServer second = cluster.start("n2", p2);
        try (RawClient c1 = new RawClient(p1)) {
            c1.call("RAFT.CLUSTER", "INIT");
            await(() -> c1.call("SET", "k0", "v"), r -> r.equals("+OK\r\n"));
            StringBuilder batch = new StringBuilder();
            for (int i = 1; i < 200; i++) batch.append(RawClient.command("SET", "k" + i, "v" + i));
            c1.send(batch.toString());
            for (int i = 1; i < 200; i++) assertThat(c1.readReply()).isEqualTo("+OK\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            assertThat(c1.call("INFO", "raft")).contains("raft_snapshots_created:1").contains("raft_log_entries:0");
            assertThat(c1.call("SET", "after", "snapshot")).isEqualTo("+OK\r\n");
        }
        try (RawClient c2 = new RawClient(p2)) {
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "DBSIZE"), r -> r.equals(":201\r\n"));
            assertThat(c2.call("INFO", "raft")).contains("raft_snapshots_received:1");
            assertThat(c2.call("RAFT.DEBUG", "EXEC", "GET", "k150")).isEqualTo("$4\r\nv150\r\n");
        }
        cluster.stop(second);
        cluster.start("n2", p2);
        try (RawClient c2 = new RawClient(p2)) {
            // Loaded from the snapshot file (and the log after it) before any leader contact is needed.
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "GET", "k7"), r -> r.equals("$2\r\nv7\r\n"));
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "DBSIZE"), r -> r.equals(":201\r\n"));
        }
    }

    @Test
    void transferLeadershipThenRemoveANode() throws Exception {
        int[] ports = cluster.form(3);
        RawClient[] c = clients(ports);
        String id2 = nodeId(c[1]);
        String id3 = nodeId(c[2]);
        assertThat(c[0].call("RAFT.TRANSFER_LEADER", "x")).isEqualTo("-ERR invalid target node id\r\n");
        assertThat(c[1].call("RAFT.TRANSFER_LEADER")).isEqualTo("-ERR not leader\r\n");
        assertThat(c[0].call("RAFT.TRANSFER_LEADER", id2)).isEqualTo("+OK\r\n");
        await(() -> c[1].call("INFO", "raft_general"), r -> r.contains("raft_role:leader"));
        await(() -> c[1].call("SET", "after", "transfer"), r -> r.equals("+OK\r\n"));
        assertThat(c[0].call("GET", "after")).isEqualTo("-MOVED 0 127.0.0.1:" + ports[1] + "\r\n");

        assertThat(c[1].call("RAFT.NODE", "REMOVE", "0")).isEqualTo("-ERR invalid node id\r\n");
        assertThat(c[1].call("RAFT.NODE", "BOGUS", "1")).isEqualTo("-ERR RAFT.NODE supports ADD / REMOVE only\r\n");
        assertThat(c[1].call("RAFT.NODE", "REMOVE", id3)).isEqualTo("+OK\r\n");
        assertThat(c[1].call("INFO", "raft_general")).contains("raft_num_nodes:2").doesNotContain("id=" + id3);
        assertThat(c[1].call("SET", "two", "nodes")).isEqualTo("+OK\r\n");
        // The removed node learns it from the log, archives its files and leaves (as RedisRaft).
        await(() -> c[2].call("INFO", "raft_general"), r -> r.contains("raft_state:uninitialized"));
        try (var files = Files.list(dir.resolve("n3"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("redisraft.db." + id3 + ".bak");
        }
        for (RawClient x : c) x.close();
    }

    @Test
    void followerProxyForwardsCommandsToTheLeader() throws Exception {
        int[] ports = cluster.form(3);
        RawClient[] c = clients(ports);
        assertThat(c[1].call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
        await(() -> c[1].call("SET", "via", "follower"), r -> r.equals("+OK\r\n"));
        assertThat(c[1].call("GET", "via")).isEqualTo("$8\r\nfollower\r\n");
        assertThat(c[1].call("INCR", "ctr")).isEqualTo(":1\r\n");
        assertThat(c[1].call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(c[1].call("INCR", "ctr")).isEqualTo("+QUEUED\r\n");
        assertThat(c[1].call("GET", "via")).isEqualTo("+QUEUED\r\n");
        assertThat(c[1].call("EXEC")).isEqualTo("*2\r\n:2\r\n$8\r\nfollower\r\n");
        assertThat(c[1].call("NOSUCH")).startsWith("-ERR unknown command 'NOSUCH'");
        assertThat(c[0].call("GET", "ctr")).isEqualTo("$1\r\n2\r\n");
        assertThat(c[1].call("INFO", "raft_clients")).contains("raft_proxy_reqs:").doesNotContain("raft_proxy_reqs:0\r\n");
        assertThat(c[2].call("GET", "via")).startsWith("-MOVED 0 ");
        for (RawClient x : c) x.close();
    }

    @Test
    void jedisClusterFindsTheLeaderThroughClusterSlots() throws Exception {
        int[] ports = cluster.form(3);
        RawClient[] c = clients(ports);
        try (redis.clients.jedis.JedisCluster jc = new redis.clients.jedis.JedisCluster(
                new redis.clients.jedis.HostAndPort("127.0.0.1", ports[2]))) {
            assertThat(jc.set("jc", "1")).isEqualTo("OK");
            assertThat(jc.incr("jc")).isEqualTo(2L);
            assertThat(jc.get("jc")).isEqualTo("2");
        }
        for (RawClient x : c) x.close();
    }

    @Test
    void aLeaderThatLosesItsQuorumFailsPendingReads() throws Exception {
        int[] ports = cluster.form(3);
        RawClient[] c = clients(ports);
        assertThat(c[0].call("SET", "k", "v")).isEqualTo("+OK\r\n");
        cluster.server(1).close();
        cluster.server(2).close();
        // Check-quorum makes the leader step down within an election timeout; the read it could
        // not confirm fails instead of hanging or answering stale.
        String reply = c[0].call("GET", "k");
        assertThat(reply).isIn("-TIMEOUT no quorum for read\r\n", "-CLUSTERDOWN No raft leader\r\n");
        await(() -> c[0].call("GET", "k"), r -> r.equals("-CLUSTERDOWN No raft leader\r\n"));
        for (RawClient x : c) x.close();
    }
    /** RedisRaft applies raft.election-timeout live: a lowered value takes effect without a restart. */
    @Test
    void electionTimeoutAppliesLive() throws Exception {
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        String[] slow = {"--raft.election-timeout", "600000"};
        RedraftServer n1 = cluster.start("n1", p1, slow);
        cluster.start("n2", p2, slow);
        cluster.start("n3", p3, slow);
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2); RawClient c3 = new RawClient(p3)) {
            c1.call("RAFT.CLUSTER", "INIT");
            await(() -> c1.call("SET", "k", "v"), r -> r.equals("+OK\r\n"));
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
        }
        cluster.stop(n1);
        try (RawClient c2 = new RawClient(p2); RawClient c3 = new RawClient(p3)) {
            // With ten minutes as election timeout nobody would stand for election during this test.
            for (RawClient c : new RawClient[] {c2, c3}) {
                assertThat(c.call("CONFIG", "SET", "raft.election-timeout", "300")).isEqualTo("+OK\r\n");
            }
            await(() -> c2.call("INFO", "raft") + c3.call("INFO", "raft"), r -> r.contains("raft_role:leader"));
        }
    }
    /** Pipelined quorum reads share ReadIndex rounds, and their replies keep the request order around writes. */
    @Test
    void pipelinedReadsKeepTheirOrder() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient c = new RawClient(ports[0])) {
            StringBuilder sets = new StringBuilder();
            for (int i = 0; i < 200; i++) sets.append(RawClient.command("SET", "r" + i, "v" + i));
            c.send(sets.toString());
            for (int i = 0; i < 200; i++) assertThat(c.readReply()).isEqualTo("+OK\r\n");
            StringBuilder mixed = new StringBuilder();
            List<String> want = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                mixed.append(RawClient.command("GET", "r" + i));
                want.add("$" + ("v" + i).length() + "\r\nv" + i + "\r\n");
                if (i % 50 == 25) {
                    // A write between reads: the reads after it must see it, the ones before must not wait for it.
                    mixed.append(RawClient.command("SET", "r" + (i + 1), "w" + (i + 1)));
                    want.add("+OK\r\n");
                    mixed.append(RawClient.command("PING"));
                    want.add("+PONG\r\n");
                }
            }
            c.send(mixed.toString());
            for (int i = 0; i < want.size(); i++) {
                String expected = want.get(i);
                if (i > 0 && want.get(i - 1).equals("+PONG\r\n")) expected = expected.replace("\r\nv", "\r\nw");
                assertThat(c.readReply()).as("reply %d", i).isEqualTo(expected);
            }
        }
    }
}
