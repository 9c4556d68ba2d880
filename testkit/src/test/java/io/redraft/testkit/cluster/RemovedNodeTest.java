package io.redraft.testkit.cluster;

import static io.redraft.testkit.cluster.PartitionTest.call;
import static io.redraft.testkit.cluster.PartitionTest.get;
import static io.redraft.testkit.cluster.PartitionTest.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #8's property 5, the part {@link MembershipTest} cannot reach: a node removed while it was
 * cut off never hears of its removal (no entry, no RAFT.NODESHUTDOWN), so it keeps running with its
 * old configuration and keeps campaigning. It must serve nothing, must not disturb the remaining
 * cluster (Pre-Vote, thesis §9.6: its term-raising elections never start), neither once the network
 * heals nor when restarted from its old files.
 */
@Tag("cluster")
class RemovedNodeTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    /** Several election timeouts of the cut-off node (FAST_TIMING: 0.5-1 s). */
    static final Duration WATCH = Duration.ofSeconds(3);

    @Test
    void aNodeRemovedWhileCutOffServesNothingAndDoesNotDisruptTheOthers() {
        LocalCluster c = clusters.formedPartitionable(3);
        int leader = c.leader();
        int removed = leader == 3 ? 2 : 3;
        int other = 6 - leader - removed;
        set(c.node(leader), "v1");
        c.partitions().split(List.of(removed), List.of(leader, other));
        long removedId = c.info(removed).nodeId();
        System.out.println("RemovedNodeTest partitions by " + c.partitions());
        assertThat(call(c.node(leader), 20_000, "RAFT.NODE", "REMOVE", Long.toString(removedId))).isEqualTo("OK");
        set(c.node(leader), "v2");
        c.waitFor("two nodes left", () -> c.info(leader).numNodes() == 2 && c.info(other).numNodes() == 2);
        // The leader's best-effort RAFT.NODESHUTDOWN sits unacknowledged in its TCP send buffer and
        // would be delivered by a retransmission once the network heals. Restarting the cut-off
        // node drops that connection (its kernel resets it when the retransmission arrives), so the
        // node never hears of its removal: the case under test.
        c.node(removed).restart();
        long term = c.info(leader).term();
        long leaderId = c.info(leader).nodeId();
        c.partitions().heal();
        watch(c, leader, other, removed, term, leaderId, "after the network healed");

        // Its old files give it its old id and configuration: it must still not get back in.
        c.node(removed).restart();
        assertThat(call(c.node(removed), 5000, "RAFT.CLUSTER", "JOIN", c.node(leader).address()))
                .as("JOIN on the removed node, which still has its files").startsWith("error:");
        watch(c, leader, other, removed, term, leaderId, "after it restarted from its files");
        set(c.node(leader), "v3");
        assertThat(c.info(leader).numNodes()).isEqualTo(2);
    }

    /** For {@link #WATCH}: the two keep their leader, term and size; the removed node serves nothing. */
    private static void watch(LocalCluster c, int leader, int other, int removed, long term, long leaderId, String when) {
        long until = System.nanoTime() + WATCH.toNanos();
        while (System.nanoTime() < until) {
            for (int n : List.of(leader, other)) {
                RaftInfo i = c.info(n);
                assertThat(i.term()).as("node%d's term %s (%s)", n, when, c.describe()).isEqualTo(term);
                assertThat(i.leaderId()).as("node%d's leader %s", n, when).isEqualTo(leaderId);
                assertThat(i.numNodes()).as("node%d's member count %s", n, when).isEqualTo(2);
            }
            assertThat(get(c.node(removed))).as("GET on the removed node %s", when).startsWith("error:");
            assertThat(call(c.node(removed), 1500, "SET", "k", "stale")).as("SET on the removed node %s", when)
                    .startsWith("error:");
        }
        assertThat(get(c.node(leader))).isNotEqualTo("stale");
    }
}
