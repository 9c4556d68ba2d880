package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import io.redraft.testkit.cluster.Partitions;
import io.redraft.testkit.cluster.RaftInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
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
final class IslandNemesis implements Fault {
    /** Long enough for the isolated leader to answer if it (wrongly) could, short next to a hold. */
    static final int REPLY_TIMEOUT_MS = 1500;

    private final LocalCluster cluster;
    private final Partitions net;
    private int membersBefore;

    IslandNemesis(LocalCluster cluster) {
        this.cluster = cluster;
        this.net = cluster.partitions();
    }

    @Override
    public List<String> variants() {
        return List.of("island");
    }

    @Override
    public Optional<String> start(String variant, Random rnd, List<String> failures) {
        Optional<Integer> found = cluster.currentLeader();
        if (found.isEmpty()) return Optional.empty();
        int leader = found.get();
        Optional<RaftInfo> info = cluster.tryInfo(leader);
        if (info.isEmpty()) return Optional.empty();
        membersBefore = (int) info.get().numNodes();
        List<Integer> others = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (NodeProcess n : cluster.nodes()) {
            if (n.number() == leader) continue;
            others.add(n.number());
            cluster.tryInfo(n.number()).ifPresent(i -> ids.add(i.nodeId()));
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
            if ("OK".equals(r)) failures.add("island: isolated node" + leader + " acknowledged RAFT.NODE REMOVE " + ids.get(i));
        }
        return Optional.of("node" + leader + " isolated from " + PartitionNemesis.names(others) + ", asked to remove " + got);
    }

    private static String remove(NodeProcess on, long id) {
        try (Jedis j = new Jedis(on.host(), on.port(), REPLY_TIMEOUT_MS)) {
            return Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(id));
        } catch (JedisException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    @Override
    public void heal(List<String> failures) {
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
                    if (n.isAlive() && (i.isEmpty() || i.get().numNodes() != expected)) return false;
                }
                return true;
            });
        } catch (AssertionError e) {
            failures.add("island: after healing, leader node" + leader + ": " + e.getMessage());
        }
    }

    @Override
    public void healAll() {
        net.heal();
    }
}
