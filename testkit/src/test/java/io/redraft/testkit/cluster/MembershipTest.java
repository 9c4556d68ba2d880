package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * RAFT.NODE REMOVE of a follower and then of the leader, and the replacement of a node that lost
 * its disk: it comes back as a new node (new id, JOIN) and catches up with everything.
 */
@Tag("cluster")
class MembershipTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    /**
     * Pending: the leader does not tell a removed follower (RedisRaft sends RAFT.NODESHUTDOWN), and
     * the follower never hears that its removal committed, so it keeps running as a member.
     */
    @Test
    @Tag("pending")
    void removedFollowerShutsDownAndSaysSo() {
        LocalCluster c = clusters.formed(3);
        int leader = c.leader();
        int follower = leader == 3 ? 2 : 3;
        long followerId = c.info(follower).nodeId();
        try (Jedis j = LocalCluster.adminConnection(c.node(leader))) {
            assertThat(Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(followerId))).isEqualTo("OK");
        }
        c.node(follower).awaitExit(LocalCluster.PATIENCE);
        assertThat(c.node(follower).logContains("removed from the cluster"))
                .as("node%d's log says it was removed:%n%s", follower, c.node(follower).tail(10)).isTrue();
    }

    @Test
    void removeFollowerThenLeaderThenReplaceAWipedNode() {
        LocalCluster c = clusters.formed(3);
        int leader = c.leader();
        int follower = leader == 3 ? 2 : 3;
        int other = 6 - leader - follower;
        write(c.node(leader), 0, 100);

        // 1. Remove a follower: the cluster shrinks to two. As RedisRaft's docs tell operators, the
        // removed node is then terminated by hand (whether it stops by itself is the test above).
        long followerId = c.info(follower).nodeId();
        try (Jedis j = LocalCluster.adminConnection(c.node(leader))) {
            assertThat(Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(followerId))).isEqualTo("OK");
        }
        c.waitFor("two nodes left", () -> c.info(leader).numNodes() == 2 && c.info(other).numNodes() == 2);
        c.node(follower).kill9();
        write(c.node(leader), 100, 200);

        // 2. Remove the leader itself: the last node carries on alone as leader of a one-node cluster.
        long leaderId = c.info(leader).nodeId();
        try (Jedis j = LocalCluster.adminConnection(c.node(leader))) {
            assertThat(Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(leaderId))).isEqualTo("OK");
        }
        c.node(leader).awaitExit(LocalCluster.PATIENCE);
        assertThat(c.node(leader).logContains("removed from the cluster"))
                .as("node%d's log says it was removed:%n%s", leader, c.node(leader).tail(10)).isTrue();
        c.waitFor("node" + other + " to lead alone",
                () -> c.info(other).isLeader() && c.info(other).numNodes() == 1);
        write(c.node(other), 200, 300);

        // 3. The removed follower lost its disk: wiped, it starts uninitialized and joins as a new node.
        NodeProcess replaced = c.node(follower);
        replaced.wipe();
        replaced.startAndAwait();
        RaftInfo fresh = c.info(follower);
        assertThat(fresh.state()).isEqualTo("uninitialized");
        c.join(follower);
        RaftInfo joined = Poll.until("node" + follower + " up and voting", () -> c.info(follower),
                i -> i.isUp() && i.numVotingNodes() == 2, Duration.ofSeconds(20));
        assertThat(joined.nodeId()).as("a removed node's id is never reused").isNotEqualTo(followerId);
        long commit = c.info(other).commitIndex();
        c.waitFor("node" + follower + " to catch up to " + commit, () -> c.info(follower).lastApplied() >= commit);

        List<String> keys = IntStream.range(0, 300).mapToObj(i -> "m" + i).toList();
        Map<String, String> local = Keyspace.local(replaced, keys);
        for (int i = 0; i < 300; i++) assertThat(local.get("m" + i)).as("m%d on the re-added node", i).isEqualTo("v" + i);
        write(c.node(c.leader()), 300, 310);
    }

    private static void write(NodeProcess leader, int from, int to) {
        Keyspace.write(leader, "m", "v", from, to);
    }
}
