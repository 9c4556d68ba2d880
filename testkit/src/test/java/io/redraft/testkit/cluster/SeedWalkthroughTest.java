package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RedisRaft's deployment walkthrough, step by step, with the stock redis-cli against three real
 * Redraft processes: what an operator following the RedisRaft docs sees must be what RedisRaft shows.
 */
@Tag("cluster")
class SeedWalkthroughTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    static final String NODE_LINE = "raft_node\\d+:id=\\d+,state=connected,voting=yes,addr=127\\.0\\.0\\.1,port=(\\d+),"
            + "last_conn_secs=-?\\d+,conn_errors=\\d+,conn_oks=\\d+";

    @Test
    void walkthroughWithRedisCli() {
        walkthrough(clusters.start(3));
    }

    /** The walkthrough on started, uninitialized nodes (SeedWalkthroughTlsTest runs it over TLS). */
    static void walkthrough(LocalCluster c) {
        int p1 = c.node(1).port();

        String fresh = RedisCli.call(p1, "INFO", "raft");
        assertThat(fresh).contains("raft_node_id:0").contains("raft_state:uninitialized");

        assertThat(RedisCli.call(p1, "RAFT.CLUSTER", "INIT")).matches("OK [0-9a-f]{32}");
        assertThat(RedisCli.call(c.node(2).port(), "RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("OK");
        assertThat(RedisCli.call(c.node(3).port(), "RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("OK");
        // A joiner is added non-voting and promoted once caught up, and links come up asynchronously.
        c.waitFor("all three nodes up, voting, connected to each other", () -> {
            for (NodeProcess n : c.nodes()) {
                String info = RedisCli.call(n.port(), "INFO", "raft");
                if (!info.contains("raft_num_voting_nodes:3")) return false;
                if (info.lines().filter(l -> l.matches(NODE_LINE)).count() != 2) return false;
            }
            return true;
        });

        long leaderId = -1;
        for (NodeProcess n : c.nodes()) {
            String info = RedisCli.call(n.port(), "INFO", "raft");
            RaftInfo ri = RaftInfo.parse(info);
            assertThat(info).containsPattern("(?m)^raft_node_id:[1-9]\\d*$")
                    .contains("raft_state:up")
                    .containsPattern("(?m)^raft_role:(leader|follower)$")
                    .contains("raft_is_voting:yes")
                    .containsPattern("(?m)^raft_leader_id:[1-9]\\d*$")
                    .containsPattern("(?m)^raft_current_term:[1-9]\\d*$")
                    .contains("raft_num_nodes:3")
                    .contains("raft_num_voting_nodes:3");
            // The lines name the two other nodes, by port, never the node itself.
            assertThat(ri.nodeLines()).hasSize(2).allMatch(l -> l.matches(NODE_LINE));
            assertThat(ri.nodeLines()).noneMatch(l -> l.contains("port=" + n.port() + ","));
            if (leaderId < 0) leaderId = ri.leaderId();
            assertThat(ri.leaderId()).as("every node names the same leader").isEqualTo(leaderId);
        }

        int leader = c.leader();
        int follower = leader == 1 ? 2 : 1;
        int leaderPort = c.node(leader).port();
        int followerPort = c.node(follower).port();
        assertThat(RedisCli.call(leaderPort, "SET", "walkthrough", "hello")).isEqualTo("OK");
        assertThat(RedisCli.call(leaderPort, "GET", "walkthrough")).isEqualTo("hello");
        assertThat(RedisCli.call(followerPort, "GET", "walkthrough")).isEqualTo("MOVED 0 127.0.0.1:" + leaderPort);
        assertThat(RedisCli.noRaw(followerPort, "GET", "walkthrough").out())
                .isEqualTo("(error) MOVED 0 127.0.0.1:" + leaderPort);
        assertThat(RedisCli.cluster(followerPort, "GET", "walkthrough").out()).isEqualTo("hello");
    }

    @Test
    void followerProxyAnswersOnTheFollower() {
        LocalCluster c = clusters.formed(3, "--raft.follower-proxy", "yes");
        int leader = c.leader();
        int follower = leader == 1 ? 2 : 1;
        assertThat(RedisCli.call(c.node(leader).port(), "SET", "proxied", "value")).isEqualTo("OK");
        assertThat(RedisCli.call(c.node(follower).port(), "GET", "proxied")).isEqualTo("value");
        assertThat(RedisCli.call(c.node(follower).port(), "SET", "through-follower", "1")).isEqualTo("OK");
        assertThat(RedisCli.call(c.node(leader).port(), "GET", "through-follower")).isEqualTo("1");
        Map<String, String> f = c.info(follower).fields();
        assertThat(Long.parseLong(f.get("raft_proxy_reqs"))).isGreaterThanOrEqualTo(2);
    }
}
