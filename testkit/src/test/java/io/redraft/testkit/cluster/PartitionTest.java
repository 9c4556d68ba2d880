package io.redraft.testkit.cluster;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Issue #8's properties that need a cut network, on real processes: each node in its own network
 * namespace with iptables partitions where the machine allows it, otherwise the servers' test-only
 * hook (the mechanism is printed). 2: a paused or isolated ex-leader never serves a stale read.
 * 4: an isolated leader cannot commit a membership change (the island). The third property,
 * "a removed node stays removed", is in {@link RemovedNodeTest}.
 */
@Tag("cluster")
class PartitionTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void anIsolatedExLeaderNeverServesAStaleRead() {
        LocalCluster c = clusters.formedPartitionable(3);
        System.out.println("PartitionTest partitions by " + c.partitions().mechanism());
        int old = c.leader();
        set(c.node(old), "v1");
        List<Integer> others = others(c, old);
        c.partitions().split(List.of(old), others);

        int next = awaitLeaderAmong(c, others);
        set(c.node(next), "v2");
        // From now on v1 is stale: the isolated node must refuse, redirect or time out, for as long
        // as it takes it to notice (Check-Quorum) and after.
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int reads = 0;
        while (System.nanoTime() < until) {
            assertThat(get(c.node(old))).as("read %d on the isolated ex-leader node%d", reads, old).isNotEqualTo("v1");
            reads++;
        }
        c.partitions().heal();
        c.awaitStable(3);
        c.waitFor("node" + old + " to have v2", () -> "v2".equals(local(c.node(old))));
    }

    @Test
    void aPausedExLeaderNeverServesAStaleReadWhenItWakesUp() {
        LocalCluster c = clusters.formedPartitionable(3);
        int old = c.leader();
        set(c.node(old), "v1");
        c.node(old).pause();
        int next = awaitLeaderAmong(c, others(c, old));
        set(c.node(next), "v2");
        // The read reaches the frozen process's socket now, after v2 was acknowledged; the process
        // wakes up still believing it leads, and must not answer from its stale state.
        String reply = getSentWhilePaused(c.node(old));
        assertThat(reply).as("the first read the woken ex-leader answers").isNotEqualTo("v1");
        c.awaitStable(3);
        assertThat(get(c.node(c.leader()))).isEqualTo("v2");
    }

    /** The island: the isolated leader is asked to remove everyone else; none of it may happen. */
    @Test
    void anIsolatedLeaderCannotCommitAMembershipChange() throws Exception {
        LocalCluster c = clusters.formedPartitionable(3);
        int old = c.leader();
        List<Integer> others = others(c, old);
        List<Long> otherIds = new ArrayList<>();
        for (int o : others) otherIds.add(c.info(o).nodeId());
        long lastIndex = c.info(old).number("raft_current_index");
        c.partitions().split(List.of(old), others);

        // All at once, each on its own thread: the later ones meet the first, uncommitted, change.
        List<CompletableFuture<String>> removals = new ArrayList<>();
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        for (long id : otherIds) {
            removals.add(CompletableFuture.supplyAsync(() -> call(c.node(old), 5000, "RAFT.NODE", "REMOVE", Long.toString(id)), threads));
        }
        threads.shutdown();
        for (CompletableFuture<String> r : removals) {
            System.out.println("RAFT.NODE REMOVE on the isolated leader: " + r.get(15, TimeUnit.SECONDS));
            assertThat(r.get(15, TimeUnit.SECONDS)).as("RAFT.NODE REMOVE on the isolated leader").isNotEqualTo("OK");
        }
        // Not a vacuous pass: the isolated node was still leading and put a removal in its log.
        assertThat(c.info(old).number("raft_current_index")).as("the isolated leader's last index").isGreaterThan(lastIndex);
        awaitLeaderAmong(c, others);
        set(c.node(c.leader()), "after");
        c.partitions().heal();
        c.awaitStable(3);
        for (NodeProcess n : c.nodes()) {
            assertThat(n.isAlive()).as("%s was not removed", n.name()).isTrue();
            c.waitFor(n.name() + " to count 3 nodes", () -> c.info(n.number()).numNodes() == 3);
        }
        c.waitFor("the ex-leader to catch up", () -> "after".equals(local(c.node(old))));
    }

    /**
     * A write an isolated leader logged but could not commit is answered once the leader learns
     * its fate, even when it learns it from a snapshot (its log is too far behind the new
     * leader's compacted one) rather than entry by entry: "-TIMEOUT not committed yet", an
     * outcome the client must treat as unknown. It used to wait until the client gave up.
     */
    @Test
    void aWriteOnADeposedLeaderIsAnsweredWhenASnapshotReplacesItsLog() throws Exception {
        LocalCluster c = clusters.formedPartitionable(3, "--raft.log-max-file-size", "32kb");
        int old = c.leader();
        List<Integer> others = others(c, old);
        long lastIndex = c.info(old).number("raft_current_index");
        c.partitions().split(List.of(old), others);
        ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<String> stranded =
                CompletableFuture.supplyAsync(() -> call(c.node(old), 60_000, "SET", "stranded", "x"), thread);
        thread.shutdown();
        c.waitFor("the isolated leader to log the write",
                () -> c.info(old).number("raft_current_index") > lastIndex);

        int next = awaitLeaderAmong(c, others);
        String value = "v".repeat(200);
        try (Jedis j = new Jedis(c.node(next).host(), c.node(next).port(), 5000)) {
            for (int i = 0; i < 1000; i++) j.set("fill" + i, value); // ~250 kB of log: several compactions
        }
        c.partitions().heal();
        c.waitFor("node" + old + " to install a snapshot",
                () -> "v".repeat(200).equals(call(c.node(old), 2000, "RAFT.DEBUG", "EXEC", "GET", "fill999")));
        assertThat(stranded.get(20, TimeUnit.SECONDS)).as("the reply to the stranded write")
                .isEqualTo("error: TIMEOUT not committed yet");
        assertThat(call(c.node(c.leader()), 2000, "GET", "stranded")).as("the stranded write was not applied").isNull();
    }

    /**
     * A leader holds a bounded amount of unanswered requests per peer. A paused follower that
     * needs a snapshot used to get the whole chunk window again on every heartbeat, all of it
     * kept until {@code response-timeout}: a 256 MB node of a 10-minute fault run ran out of heap.
     * Now the link drops what exceeds its bound (Raft retransmits) and the follower still
     * catches up once it runs again.
     */
    @Test
    void aLeaderBoundsWhatItHoldsForAPeerThatCannotReceive() {
        // Small flow-control windows make the bound small (2 x 2 chunks of 64 kB + 1 MB), so a
        // few dozen writes of 32 kB reach it.
        LocalCluster c = clusters.formed(3, "--raft.log-max-file-size", "32kb", "--raft.append-req-max-size", "64kb",
                "--raft.snapshot-req-max-count", "2");
        int leader = c.leader();
        int paused = others(c, leader).get(0);
        c.node(paused).pause();
        String value = "v".repeat(32 * 1024);
        try (Jedis j = new Jedis(c.node(leader).host(), c.node(leader).port(), 5000)) {
            int i = 0;
            // Enough to compact past the paused node (it then needs a snapshot), then until the link is full.
            while (i < 100 || c.info(leader).number("raft_peer_requests_dropped") == 0) {
                assertThat(i).as("writes before the leader dropped a request to the paused node").isLessThan(20_000);
                j.set("fill" + i++, value);
            }
            System.out.println("PartitionTest: the leader dropped requests to the paused node after " + i + " writes");
        }
        c.node(paused).resume();
        c.awaitStable(3);
        c.waitFor("the paused node to catch up", () -> value.equals(call(c.node(paused), 2000, "RAFT.DEBUG", "EXEC", "GET", "fill99")));
    }

    /**
     * Pre-Vote (thesis §9.6): a follower cut off for several election timeouts does not raise its
     * term, so when it comes back the leader keeps leading in the same term.
     */
    @Test
    void aFollowerCutOffForAWhileDoesNotDisruptTheLeaderWhenItComesBack() {
        LocalCluster c = clusters.formedPartitionable(3);
        int leader = c.leader();
        int cut = leader == 3 ? 2 : 3;
        long term = c.info(leader).term();
        c.partitions().split(List.of(cut), others(c, cut));
        set(c.node(leader), "while-cut");
        c.waitFor("node" + cut + " to lose its leader", () -> c.info(cut).leaderId() <= 0);
        long campaignsUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < campaignsUntil) {
            assertThat(c.info(cut).term()).as("the cut-off node's term (its pre-votes fail: no real election)").isEqualTo(term);
        }
        c.partitions().heal();
        c.waitFor("node" + cut + " to catch up", () -> "while-cut".equals(local(c.node(cut))));
        long watchUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < watchUntil) {
            RaftInfo i = c.info(leader);
            assertThat(i.isLeader()).as("node%d still leads: %s", leader, c.describe()).isTrue();
            assertThat(i.term()).as("the term after the heal").isEqualTo(term);
        }
    }

    /** The fallback hook can cut a node off, so a node must refuse it unless started for tests. */
    @Test
    void theNetDropHookIsRefusedUnlessEnabled() {
        LocalCluster c = clusters.start(1);
        assertThat(call(c.node(1), 2000, "RAFT.DEBUG", "NETDROP", "12345"))
                .isEqualTo("error: ERR RAFT.DEBUG NETDROP needs raft.test-net-faults yes");
    }

    static List<Integer> others(LocalCluster c, int node) {
        return c.nodes().stream().map(NodeProcess::number).filter(n -> n != node).toList();
    }

    /** Waits until one of {@code among} leads a term its peers agree on. */
    static int awaitLeaderAmong(LocalCluster c, List<Integer> among) {
        return Poll.until("a leader among " + among, () -> {
            for (int n : among) {
                var i = c.tryInfo(n);
                if (i.isPresent() && i.get().isLeader()) return n;
            }
            return -1;
        }, n -> n > 0, LocalCluster.PATIENCE);
    }

    /** SET k through the given leader, retried until acknowledged (a fresh leader may still refuse). */
    static void set(NodeProcess leader, String value) {
        Poll.until("SET k " + value + " on " + leader.name(), () -> call(leader, 3000, "SET", "k", value), "OK"::equals,
                LocalCluster.PATIENCE);
    }

    /** GET k: the value, or "error: ..." for an error reply, a timeout or a dropped connection. */
    static String get(NodeProcess n) {
        return call(n, 1500, "GET", "k");
    }

    static String local(NodeProcess n) {
        return call(n, 2000, "RAFT.DEBUG", "EXEC", "GET", "k");
    }

    static String call(NodeProcess n, int timeoutMs, String... words) {
        try (Jedis j = new Jedis(n.host(), n.port(), timeoutMs)) {
            return Cmd.string(j, words);
        } catch (JedisDataException e) {
            return "error: " + e.getMessage();
        } catch (JedisConnectionException e) {
            return "error: " + e;
        }
    }

    /**
     * Connects and sends GET k while {@code n} is paused (the kernel accepts for it), then resumes
     * it and returns its first line of reply, with the value's line for a bulk string.
     */
    static String getSentWhilePaused(NodeProcess n) {
        try (RawClient c = new RawClient(n.host(), n.port(), 5000)) {
            c.send(RawClient.command("GET", "k"));
            n.resume();
            String reply = c.readReply();
            int eol = reply.indexOf("\r\n");
            if (reply.startsWith("$") && !reply.startsWith("$-1")) return reply.substring(eol + 2, reply.length() - 2);
            return "reply: " + reply.substring(0, eol);
        } catch (IOException e) {
            n.resume();
            return "error: " + e;
        }
    }
}
