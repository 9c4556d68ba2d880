package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import io.redraft.testkit.cluster.Partitions;
import io.redraft.testkit.cluster.RaftInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The island: cut the leader off, then ask it to RAFT.NODE REMOVE every other node. A leader that
 * cannot reach a majority must not commit (so must not acknowledge) any of it, nor may anything of
 * it survive the heal: every node still counts as a member afterwards. An acknowledged removal is
 * reported as a failure of the run; one that took effect shows as nodes shutting down.
 */
final class IslandNemesis implements Nemesis {
    /** Long enough for the isolated leader to answer if it (wrongly) could, short next to a hold. */
    static final int REPLY_TIMEOUT_MS = 1500;

    private final LocalCluster cluster;
    private final Partitions net;
    private final List<String> findings = new CopyOnWriteArrayList<>();
    private int membersBefore;

    /** {@code cluster} must have been started partitionable ({@link LocalCluster#startPartitionable}). */
    IslandNemesis(LocalCluster cluster) {
        this.cluster = cluster;
        this.net = cluster.partitions();
    }

    @Override
    public List<String> faults() {
        return List.of("island");
    }

    @Override
    public String start(String fault) {
        Optional<Integer> found = cluster.currentLeader();
        if (found.isEmpty()) return null;
        int leader = found.get();
        Optional<RaftInfo> info = cluster.tryInfo(leader);
        if (info.isEmpty()) return null;
        // With two voters the leader alone is a majority of the configuration left after removing
        // the other (thesis §4.1: a new configuration counts as soon as it is appended), so that
        // removal may commit, safely: the other node can never be elected without it. The island
        // is about a leader in a minority, which needs three voters.
        if (info.get().numVotingNodes() < 3) return null;
        membersBefore = (int) info.get().numNodes();
        List<Integer> others = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (NodeProcess n : cluster.nodes()) {
            if (n.number() == leader) continue;
            others.add(n.number());
            // Members only: with the member nemesis, a removed node may run uninitialized meanwhile.
            cluster.tryInfo(n.number()).filter(RaftInfo::isUp).ifPresent(i -> ids.add(i.nodeId()));
        }
        net.split(List.of(leader), others);
        NodeProcess island = cluster.node(leader);
        // All at once, each on its own thread (the common pool may have a single thread on a
        // 2-core machine): the later ones must meet the first, still uncommitted, change.
        List<CompletableFuture<String>> replies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long id : ids) replies.add(CompletableFuture.supplyAsync(() -> remove(island, id), threads));
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            String r = replies.get(i).join();
            got.add(ids.get(i) + ": " + r);
            if ("OK".equals(r)) findings.add("island: isolated node" + leader + " acknowledged RAFT.NODE REMOVE " + ids.get(i));
        }
        return "node" + leader + " isolated from " + PartitionNemesis.names(others) + ", asked to remove " + got;
    }

    private static String remove(NodeProcess on, long id) {
        try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(on.host(), on.port(), REPLY_TIMEOUT_MS)) {
            return Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(id));
        } catch (JedisException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    @Override
    public void stop(String fault) {
        net.heal();
        // Nothing of the island's removals may survive: once a leader is back, nobody is missing.
        int leader;
        try {
            leader = cluster.leader();
        } catch (AssertionError e) {
            return; // reported by the nemesis loop, which waits for a leader after every heal
        }
        int expected = membersBefore;
        try {
            cluster.waitFor("every node to count " + expected + " members after the island healed", () -> {
                for (NodeProcess n : cluster.nodes()) {
                    Optional<RaftInfo> i = cluster.tryInfo(n.number());
                    if (!n.isAlive()) continue;
                    if (i.isEmpty()) return false;
                    // A node removed by the member nemesis and restarted by a kill is no member.
                    if (i.get().isUp() && i.get().numNodes() != expected) return false;
                }
                return true;
            });
        } catch (AssertionError e) {
            findings.add("island: after healing, leader node" + leader + ": " + e.getMessage());
        }
    }

    @Override
    public boolean heal() {
        net.heal();
        return true;
    }

    @Override
    public List<String> drainFindings() {
        List<String> drained = List.copyOf(findings);
        findings.removeAll(drained);
        return drained;
    }
}
