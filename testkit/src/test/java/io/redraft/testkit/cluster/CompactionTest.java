package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Issue 7's proof: with a 64 kB log limit a cluster compacts many times under writes, a new node
 * catches up from a snapshot, and after every node restarts all replicas hold the same data.
 */
@Tag("cluster")
class CompactionTest {
    private static final int KEYS = 6000;
    private static final String VALUE = "v".repeat(80) + "-";

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void compactsUnderWritesFeedsANewNodeFromASnapshotAndRestarts() {
        LocalCluster c = clusters.formed(3, "--raft.log-max-file-size", "64kb");
        int leader = c.leader();
        // many rounds, so that the log fills past 64 kB again and again while writes go on
        for (int from = 0; from < KEYS; from += KEYS / 20) {
            Keyspace.write(c.node(leader), "c", VALUE, from, from + KEYS / 20);
        }
        c.waitFor("every node to have taken snapshots", () -> c.nodes().stream()
                .allMatch(n -> Long.parseLong(c.info(n.number()).get("raft_snapshots_created")) >= 2));

        NodeProcess added = c.addNode();
        c.join(added.number());
        c.awaitStable(4);
        long commit = c.info(c.leader()).commitIndex();
        c.waitFor(added.name() + " to apply " + commit, () -> c.info(added.number()).lastApplied() >= commit);
        assertThat(Long.parseLong(c.info(added.number()).get("raft_snapshots_received")))
                .as("the new node started from a snapshot, not from the log").isGreaterThanOrEqualTo(1);

        for (NodeProcess n : c.nodes()) n.kill9();
        for (NodeProcess n : c.nodes()) n.start();
        for (NodeProcess n : c.nodes()) n.awaitReady(LocalCluster.PATIENCE);
        int newLeader = c.awaitStable(4);
        try (Jedis j = c.node(newLeader).jedis()) {
            assertThat(j.set("after", "restart")).isEqualTo("OK");
        }
        long last = c.info(newLeader).commitIndex();
        c.waitFor("all nodes to apply " + last, () -> c.nodes().stream()
                .allMatch(n -> c.info(n.number()).lastApplied() >= last));

        List<String> digests = Keyspace.digests(c);
        assertThat(digests).as("DEBUG DIGEST on every node").containsOnly(digests.get(0));
        assertThat(digests.get(0)).isNotEqualTo("0".repeat(40));
        List<String> keys = IntStream.of(0, KEYS / 2, KEYS - 1).mapToObj(i -> "c" + i).toList();
        Map<String, String> local = Keyspace.local(added, keys);
        for (String k : keys) assertThat(local.get(k)).as("%s on the added node", k).startsWith(VALUE);
    }

    /**
     * kill -9 at moments that fall inside snapshot creation or transfer (an 8 kB log limit makes a
     * snapshot every ~100 writes, so most kills land in one): every node restarts, no acknowledged
     * write is lost, and the replicas end equal.
     */
    @Test
    void killsDuringSnapshotsLoseNothing() throws Exception {
        LocalCluster c = clusters.formed(3, "--raft.log-max-file-size", "8kb");
        Random random = new Random(7);
        Map<Integer, Integer> acked;
        try (AckedWriter writer = new AckedWriter(c, c.leader()).start()) {
            for (int round = 0; round < 6; round++) {
                int target = writer.acknowledgedCount() + 150;
                c.waitFor(target + " acknowledged writes", () -> writer.acknowledgedCount() >= target);
                NodeProcess victim = c.node(1 + random.nextInt(3));
                victim.kill9();
                victim.start();
                victim.awaitReady(LocalCluster.PATIENCE);
                c.awaitStable(3);
            }
            int target = writer.acknowledgedCount() + 100;
            c.waitFor(target + " acknowledged writes after the kills", () -> writer.acknowledgedCount() >= target);
            writer.close();
            acked = writer.acknowledged();
        }
        int leader = c.awaitStable(3);
        long commit = c.info(leader).commitIndex();
        c.waitFor("all nodes to apply " + commit, () -> c.nodes().stream()
                .allMatch(n -> c.info(n.number()).lastApplied() >= commit));
        for (NodeProcess n : c.nodes()) {
            assertThat(Long.parseLong(c.info(n.number()).get("raft_snapshots_created"))
                    + Long.parseLong(c.info(n.number()).get("raft_snapshots_received")))
                    .as("%s took or received snapshots", n.name()).isPositive();
        }
        List<String> digests = Keyspace.digests(c);
        assertThat(digests).as("DEBUG DIGEST on every node").containsOnly(digests.get(0));
        List<String> keys = acked.keySet().stream().map(i -> "k" + i).toList();
        Map<String, String> values = Keyspace.viaLeader(c.node(leader), keys);
        for (int i : acked.keySet()) assertThat(values.get("k" + i)).as("acknowledged k%d", i).isEqualTo(Integer.toString(i));
    }
}
