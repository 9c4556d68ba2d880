package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.testkit.cluster.Keyspace;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import io.redraft.testkit.cluster.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's stream proof on three real processes: producers XADD, a consumer group's consumers
 * XREADGROUP and XACK, one consumer reads and never acknowledges and the others XAUTOCLAIM its
 * entries, while the leader is killed -9 and restarted three times. Every acknowledged XADD is in
 * the stream under its id and was delivered to the group (seen by a consumer, or pending), nothing
 * was delivered that was never added, and every node ends with the same DEBUG DIGEST.
 * {@link StreamChecker} lists all it holds the history to; an XADD whose connection was lost is
 * resolved at the end by its unique field.
 */
@Tag("cluster")
class StreamFailoverTest {
    private static final int CLIENTS = 6;
    private static final int KILLS = 3;
    private static final Duration PHASE = Duration.ofSeconds(90);

    @Test
    void everyAcknowledgedEntryReachesTheGroupThroughThreeLeaderKills() throws Exception {
        LocalCluster c = LocalCluster.formed("StreamFailoverTest", 3);
        boolean passed = false;
        try {
            StreamWorkload w = new StreamWorkload(20);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int p = 0; p < CLIENTS; p++) {
                int process = p;
                Thread t = new Thread(() -> {
                    try (ClusterClient client = new ClusterClient(c, process)) {
                        w.runClient(process, client, running::get);
                    }
                }, "stream-client-" + p);
                t.setDaemon(true);
                clients.add(t);
                t.start();
            }
            List<String> kills = new ArrayList<>();
            for (int round = 1; round <= KILLS; round++) {
                long target = w.addsAcknowledged() + 500;
                c.waitFor(target + " acknowledged XADDs", () -> w.addsAcknowledged() >= target, PHASE);
                int leader = c.leader();
                c.node(leader).kill9();
                long killedAt = System.nanoTime();
                long ackedAtKill = w.addsAcknowledged();
                int next = Poll.until("a new leader after killing node" + leader, c::currentLeader,
                        l -> l.isPresent() && l.get() != leader, Duration.ofSeconds(20)).orElseThrow();
                kills.add("node" + leader + " at " + ackedAtKill + " acked XADDs, node" + next + " elected in "
                        + (System.nanoTime() - killedAt) / 1_000_000 + " ms");
                c.node(leader).restart();
                c.awaitStable(3);
            }
            long afterKills = w.addsAcknowledged() + 500;
            c.waitFor("500 more acknowledged XADDs after the last restart", () -> w.addsAcknowledged() >= afterKills, PHASE);
            // The stalled consumer's entries idle past XAUTOCLAIM's threshold and are claimed by the others.
            c.waitFor("XAUTOCLAIM to take entries from the stalled consumer", () -> w.claimed() > 0, PHASE);
            running.set(false);
            for (Thread t : clients) t.join(Duration.ofSeconds(30));
            for (Thread t : clients) assertThat(t.isAlive()).as("%s stopped", t.getName()).isFalse();

            try (ClusterClient client = new ClusterClient(c, 0)) {
                w.finalReads(client);
            }
            Workload.Verdict verdict = w.check();
            assertThat(verdict.problems()).as(verdict.summary()).isEmpty();
            assertThat(w.finalStream()).as("the stream").isNotEmpty();

            int leader = c.leader();
            long commit = c.info(leader).commitIndex();
            c.waitFor("every node to apply up to the leader's commit index " + commit, () -> {
                for (NodeProcess n : c.nodes()) if (c.info(n.number()).lastApplied() < commit) return false;
                return true;
            });
            List<String> digests = Poll.until("every node's DEBUG DIGEST equal", () -> Keyspace.digests(c),
                    d -> d.stream().distinct().count() == 1, LocalCluster.PATIENCE);
            assertThat(digests.get(0)).matches("[0-9a-f]{40}").isNotEqualTo("0".repeat(40));
            System.out.printf("stream failover: %s; %s; kills: %s; digest %s on all %d nodes%n", w.counts(), verdict.summary(),
                    kills, digests.get(0), c.size());
            passed = true;
        } finally {
            if (!passed) c.keepLogs();
            c.close();
        }
    }
}
