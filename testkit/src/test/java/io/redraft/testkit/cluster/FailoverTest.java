package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of the leader under a stream of writes: a new leader is elected within a few election
 * timeouts, the client carries on through it, and no acknowledged write is ever lost, on any node,
 * including the old leader once it is back.
 */
@Tag("cluster")
class FailoverTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void acknowledgedWritesSurviveLeaderKill() throws Exception {
        LocalCluster c = clusters.formed(3);
        int oldLeader = c.leader();
        Map<Integer, Integer> acked;
        try (AckedWriter writer = new AckedWriter(c, oldLeader).start()) {
            c.waitFor("100 acknowledged writes", () -> writer.acknowledgedCount() >= 100);

            c.node(oldLeader).kill9();
            long killedAt = System.nanoTime();
            int ackedAtKill = writer.acknowledgedCount();
            int newLeader = Poll.until("a new leader after killing node" + oldLeader, c::currentLeader,
                    l -> l.isPresent() && l.get() != oldLeader, Duration.ofSeconds(6)).orElseThrow();
            long electionMillis = (System.nanoTime() - killedAt) / 1_000_000;
            // Election timeout is 500 ms, randomized to [500, 1000): a few of them, with slack for a busy machine.
            assertThat(electionMillis).as("ms to elect node%d", newLeader).isLessThan(6_000);

            c.waitFor("the writer to get 100 more writes acknowledged after the kill",
                    () -> writer.acknowledgedCount() >= ackedAtKill + 100);
            c.node(oldLeader).restart();
            c.waitFor("the old leader to rejoin as a follower",
                    () -> c.tryInfo(oldLeader).map(i -> i.isUp() && !i.isLeader()).orElse(false));
            c.waitFor("50 more writes with the old leader back", () -> writer.acknowledgedCount() >= ackedAtKill + 150);
            writer.close();
            acked = writer.acknowledged();
            System.out.printf("failover: node%d elected %d ms after kill -9 of node%d; %d writes acknowledged, %d failed or unknown%n",
                    newLeader, electionMillis, oldLeader, acked.size(), writer.failures());
        }

        int leader = c.leader();
        long commit = c.info(leader).commitIndex();
        c.waitFor("every node to apply up to the leader's commit index " + commit, () -> {
            for (NodeProcess n : c.nodes()) if (c.info(n.number()).lastApplied() < commit) return false;
            return true;
        });

        List<String> keys = acked.keySet().stream().map(i -> "k" + i).toList();
        Map<String, String> viaLeader = Keyspace.viaLeader(c.node(leader), keys);
        for (var e : acked.entrySet()) {
            assertThat(viaLeader.get("k" + e.getKey())).as("acknowledged k%d via the leader", e.getKey())
                    .isEqualTo(Integer.toString(e.getValue()));
        }
        for (NodeProcess n : c.nodes()) {
            Map<String, String> local = Keyspace.local(n, keys);
            for (var e : acked.entrySet()) {
                assertThat(local.get("k" + e.getKey())).as("acknowledged k%d on %s", e.getKey(), n.name())
                        .isEqualTo(Integer.toString(e.getValue()));
            }
        }
        long size = Keyspace.localSize(c.node(leader));
        for (NodeProcess n : c.nodes()) assertThat(Keyspace.localSize(n)).as("DBSIZE of %s", n.name()).isEqualTo(size);
    }

    /** A frozen leader (SIGSTOP, sockets open) is replaced; thawed, it learns the new term and follows. */
    @Test
    void pausedLeaderIsReplacedAndFollowsWhenResumed() {
        LocalCluster c = clusters.formed(3);
        int oldLeader = c.leader();
        long oldTerm = c.info(oldLeader).term();
        c.node(oldLeader).pause();
        int newLeader = Poll.until("a new leader while node" + oldLeader + " is paused", c::currentLeader,
                l -> l.isPresent() && l.get() != oldLeader, Duration.ofSeconds(10)).orElseThrow();
        try (var j = c.node(newLeader).jedis()) {
            assertThat(j.set("during-pause", "1")).isEqualTo("OK");
        }
        c.node(oldLeader).resume();
        c.waitFor("node" + oldLeader + " to follow node" + newLeader + " in a later term", () -> {
            RaftInfo i = c.info(oldLeader);
            return !i.isLeader() && i.term() > oldTerm && i.leaderId() == c.info(newLeader).nodeId();
        });
        c.waitFor("node" + oldLeader + " to apply the write made while it was paused", () ->
                "1".equals(Keyspace.local(c.node(oldLeader), java.util.List.of("during-pause")).get("during-pause")));
    }
}
