package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import io.redraft.testkit.cluster.Partitions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Network partitions between the nodes (never between the nodes and the clients), as Jepsen's
 * partition nemesis: the leader alone; a random minority from the majority; the majorities ring,
 * where every node hears a majority (itself and the next n/2 in a ring) and no two hear the same
 * one, which needs one-way cuts for an odd n; and a one-way cut where the leader goes deaf to the
 * others or they to it (over TCP the other direction suffers too: acknowledgements are lost).
 */
final class PartitionNemesis implements Nemesis {
    private final LocalCluster cluster;
    private final Partitions net;
    private final Random rnd;

    /** {@code cluster} must have been started partitionable ({@link LocalCluster#startPartitionable}). */
    PartitionNemesis(LocalCluster cluster, long seed) {
        this.cluster = cluster;
        this.net = cluster.partitions();
        this.rnd = new Random(seed ^ 0x9A27);
    }

    @Override
    public List<String> faults() {
        return List.of("partition-leader", "partition-majority", "partition-ring", "partition-oneway");
    }

    @Override
    public String start(String fault) {
        return cut(fault).orElse(null);
    }

    private Optional<String> cut(String variant) {
        List<Integer> nodes = new ArrayList<>(cluster.nodes().stream().map(NodeProcess::number).toList());
        Collections.shuffle(nodes, rnd);
        int n = nodes.size();
        if (n < 2) return Optional.empty();
        switch (variant) {
            case "partition-leader" -> {
                Optional<Integer> leader = cluster.currentLeader();
                if (leader.isEmpty()) return Optional.empty();
                nodes.remove(leader.get());
                net.split(List.of(leader.get()), nodes);
                return Optional.of("node" + leader.get() + " | " + names(nodes));
            }
            case "partition-majority" -> {
                List<Integer> minority = nodes.subList(0, Math.max(1, (n - 1) / 2));
                List<Integer> majority = nodes.subList(minority.size(), n);
                net.split(minority, majority);
                return Optional.of(names(minority) + " | " + names(majority));
            }
            case "partition-ring" -> {
                // Ring order = the shuffled list; node i hears i+1 .. i+n/2, nobody else.
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    List<Integer> hears = new ArrayList<>();
                    for (int d = 1; d <= n / 2; d++) hears.add(nodes.get((i + d) % n));
                    for (int j = 0; j < n; j++) {
                        int from = nodes.get(j);
                        if (j != i && !hears.contains(from)) net.drop(from, nodes.get(i));
                    }
                    seen.add("node" + nodes.get(i) + " hears " + names(hears));
                }
                return Optional.of(String.join(", ", seen));
            }
            case "partition-oneway" -> {
                int target = cluster.currentLeader().orElse(nodes.get(0));
                nodes.remove(Integer.valueOf(target));
                boolean deaf = rnd.nextBoolean();
                for (int other : nodes) {
                    if (deaf) net.drop(other, target);
                    else net.drop(target, other);
                }
                return Optional.of(deaf ? "node" + target + " hears nobody" : "nobody hears node" + target);
            }
            default -> throw new IllegalArgumentException(variant);
        }
    }

    @Override
    public void stop(String fault) {
        net.heal();
    }

    @Override
    public boolean heal() {
        net.heal();
        return true;
    }

    static String names(List<Integer> nodes) {
        return nodes.stream().sorted().map(i -> "node" + i).toList().toString();
    }
}
