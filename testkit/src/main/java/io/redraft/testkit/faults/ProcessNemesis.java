package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Process faults: kill -9 of the leader, of a minority or of every node (each then restarted from
 * its files), and SIGSTOP of the leader or of a majority (then SIGCONT).
 */
final class ProcessNemesis implements Nemesis {
    private final LocalCluster cluster;
    private final Set<String> enabled;
    private final Random rnd;
    private List<NodeProcess> targets = List.of();

    ProcessNemesis(LocalCluster cluster, Set<String> enabled, long seed) {
        this.cluster = cluster;
        this.enabled = enabled;
        this.rnd = new Random(seed);
    }

    @Override
    public List<String> faults() {
        List<String> faults = new ArrayList<>();
        if (enabled.contains("kill")) faults.addAll(List.of("kill-leader", "kill-minority", "kill-all"));
        if (enabled.contains("pause")) faults.addAll(List.of("pause-leader", "pause-majority"));
        return faults;
    }

    @Override
    public String start(String fault) {
        targets = targets(fault);
        if (targets.isEmpty()) return null;
        for (NodeProcess n : targets) {
            if (fault.startsWith("kill")) n.kill9();
            else n.pause();
        }
        return targets.stream().map(NodeProcess::name).toList().toString();
    }

    @Override
    public void stop(String fault) {
        for (NodeProcess n : targets) {
            if (fault.startsWith("kill")) n.restart();
            else n.resume();
        }
        targets = List.of();
    }

    private List<NodeProcess> targets(String fault) {
        List<NodeProcess> nodes = new ArrayList<>(cluster.nodes());
        Collections.shuffle(nodes, rnd);
        int n = nodes.size();
        return switch (fault) {
            case "kill-leader", "pause-leader" -> cluster.currentLeader().map(l -> List.of(cluster.node(l))).orElse(List.of());
            case "kill-minority" -> nodes.subList(0, Math.max(1, (n - 1) / 2));
            case "pause-majority" -> nodes.subList(0, n / 2 + 1);
            case "kill-all" -> nodes;
            default -> throw new IllegalArgumentException(fault);
        };
    }

    /** Resumes every paused node and restarts every dead one; true if all are back. */
    @Override
    public boolean heal() {
        List<String> failed = new ArrayList<>();
        for (NodeProcess n : cluster.nodes()) {
            try {
                n.resume();
                if (!n.isAlive()) n.restart();
            } catch (RuntimeException | AssertionError e) {
                failed.add(n.name() + " would not restart: " + e);
            }
        }
        if (!failed.isEmpty()) throw new IllegalStateException(String.join("; ", failed));
        return true;
    }
}
