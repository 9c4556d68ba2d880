package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * RAFT.NODE REMOVE of a follower and of the leader, and the replacement of a node that lost its
 * disk: it comes back as a new node (new id, JOIN) and catches up with everything.
 */
@Tag("cluster")
class MembershipTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void removedFollowerShutsDownAndAWipedReplacementCatchesUp() {
        LocalCluster c = clusters.formed(3);
        int leader = c.leader();
        int follower = leader == 3 ? 2 : 3;
        int other = 6 - leader - follower;
        write(c.node(leader), 0, 100);

        // The leader tells the removed node (RAFT.NODESHUTDOWN); it says so in its log and exits.
        long followerId = c.info(follower).nodeId();
        assertThat(remove(c.node(leader), followerId)).isEqualTo("OK");
        c.node(follower).awaitExit(LocalCluster.PATIENCE);
        assertThat(c.node(follower).logContains("removed from the cluster"))
                .as("node%d's log says it was removed:%n%s", follower, c.node(follower).tail(10)).isTrue();
        c.waitFor("two nodes left", () -> c.info(leader).numNodes() == 2 && c.info(other).numNodes() == 2);
        write(c.node(leader), 100, 200);

        // Its disk is lost: wiped, it starts uninitialized and joins as a new node with a new id.
        NodeProcess replaced = c.node(follower);
        replaced.wipe();
        replaced.startAndAwait();
        assertThat(c.info(follower).state()).isEqualTo("uninitialized");
        c.join(follower);
        c.awaitStable(3);
        assertThat(c.info(follower).nodeId()).as("a removed node's id is never reused").isNotEqualTo(followerId);
        write(c.node(c.leader()), 200, 300);
        long commit = c.info(c.leader()).commitIndex();
        c.waitFor("node" + follower + " to catch up to " + commit, () -> c.info(follower).lastApplied() >= commit);

        List<String> keys = IntStream.range(0, 300).mapToObj(i -> "m" + i).toList();
        Map<String, String> local = Keyspace.local(replaced, keys);
        for (int i = 0; i < 300; i++) assertThat(local.get("m" + i)).as("m%d on the re-added node", i).isEqualTo("v" + i);
    }

    /** RedisRaft answers +OK once the removal is applied, then shuts down: the reply must get out first. */
    @Test
    void removedLeaderAnswersOkThenShutsDownAndTheOthersCarryOn() {
        LocalCluster c = clusters.formed(3);
        int leader = c.leader();
        write(c.node(leader), 0, 50);
        long leaderId = c.info(leader).nodeId();
        assertThat(remove(c.node(leader), leaderId)).isEqualTo("OK");
        c.node(leader).awaitExit(LocalCluster.PATIENCE);
        assertThat(c.node(leader).logContains("removed from the cluster"))
                .as("node%d's log says it was removed:%n%s", leader, c.node(leader).tail(10)).isTrue();
        int next = c.leader();
        assertThat(next).isNotEqualTo(leader);
        c.waitFor("the two others to count two nodes", () -> c.nodes().stream().filter(NodeProcess::isAlive)
                .allMatch(n -> c.info(n.number()).numNodes() == 2));
        write(c.node(next), 50, 100);
        Map<String, String> values = Keyspace.viaLeader(c.node(next), List.of("m0", "m99"));
        assertThat(values).isEqualTo(Map.of("m0", "v0", "m99", "v99"));
    }

    /** As RedisRaft, the last node may remove itself: +OK, then the cluster ends with its shutdown. */
    @Test
    void theLastNodeRemovesItselfAnswersOkAndShutsDown() {
        LocalCluster c = clusters.formed(1);
        write(c.node(1), 0, 10);
        assertThat(remove(c.node(1), c.info(1).nodeId())).isEqualTo("OK");
        c.node(1).awaitExit(LocalCluster.PATIENCE);
        assertThat(c.node(1).logContains("removed from the cluster"))
                .as("node1's log says it was removed:%n%s", c.node(1).tail(10)).isTrue();
    }

    private static String remove(NodeProcess on, long id) {
        try (Jedis j = LocalCluster.adminConnection(on)) {
            return Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(id));
        }
    }

    private static void write(NodeProcess leader, int from, int to) {
        Keyspace.write(leader, "m", "v", from, to);
    }
}
