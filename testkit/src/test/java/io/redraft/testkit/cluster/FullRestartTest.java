package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Every node killed and started again from its files: cluster id, membership and data come back. */
@Tag("cluster")
class FullRestartTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void dataAndMembershipComeBackFromDisk() {
        LocalCluster c = clusters.formed(3);
        int leader = c.leader();
        Keyspace.write(c.node(leader), "r", "v", 0, 200);
        Map<Integer, Long> ids = new HashMap<>();
        String dbid = c.info(1).get("raft_dbid");
        for (NodeProcess n : c.nodes()) ids.put(n.number(), c.info(n.number()).nodeId());

        for (NodeProcess n : c.nodes()) n.kill9();
        for (NodeProcess n : c.nodes()) n.start();
        for (NodeProcess n : c.nodes()) n.awaitReady(LocalCluster.PATIENCE);
        int newLeader = c.awaitStable(3);

        for (NodeProcess n : c.nodes()) {
            RaftInfo i = c.info(n.number());
            assertThat(i.nodeId()).as("%s keeps its id", n.name()).isEqualTo(ids.get(n.number()));
            assertThat(i.get("raft_dbid")).isEqualTo(dbid);
            assertThat(i.numNodes()).isEqualTo(3);
            assertThat(i.nodeLines()).hasSize(2);
        }
        List<String> keys = IntStream.range(0, 200).mapToObj(i -> "r" + i).toList();
        Map<String, String> values = Keyspace.viaLeader(c.node(newLeader), keys);
        for (int i = 0; i < 200; i++) assertThat(values.get("r" + i)).as("r%d after restart", i).isEqualTo("v" + i);
        try (Jedis j = c.node(newLeader).jedis()) {
            assertThat(j.set("after", "restart")).isEqualTo("OK");
            assertThat(j.get("after")).isEqualTo("restart");
        }
        long commit = c.info(newLeader).commitIndex();
        c.waitFor("all nodes to apply " + commit, () -> c.nodes().stream()
                .allMatch(n -> c.info(n.number()).lastApplied() >= commit));
        for (NodeProcess n : c.nodes()) {
            assertThat(Keyspace.local(n, List.of("r0", "r199", "after")))
                    .as("%s's own keyspace", n.name())
                    .isEqualTo(Map.of("r0", "v0", "r199", "v199", "after", "restart"));
        }
    }
}
