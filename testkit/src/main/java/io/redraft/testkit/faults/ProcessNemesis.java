package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects process faults in rounds: pick a fault, hold it a second or three, heal it, wait for the
 * cluster to elect a leader again, rest a moment. Faults: kill -9 of the leader, of a minority or
 * of every node (each then restarted from its files), and SIGSTOP of the leader or of a majority
 * (then SIGCONT). Other fault families ({@link Fault}) join the same rounds.
 */
final class ProcessNemesis implements Runnable {
    private final LocalCluster cluster;
    private final Set<String> enabled;
    private final Random rnd;
    private final long startNanos = System.nanoTime();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = Collections.synchronizedMap(new TreeMap<>());
    private final List<String> failures = new CopyOnWriteArrayList<>();
    /** Fault families beyond kill and pause (partition, island, ...), each behind {@link Fault}. */
    private final List<Fault> others;
    private volatile boolean stopping;

    ProcessNemesis(LocalCluster cluster, Set<String> enabled, long seed) {
        this(cluster, enabled, seed, List.of());
    }

    ProcessNemesis(LocalCluster cluster, Set<String> enabled, long seed, List<Fault> others) {
        this.cluster = cluster;
        this.enabled = enabled;
        this.rnd = new Random(seed);
        this.others = List.copyOf(others);
    }

    @Override
    public void run() {
        List<String> faults = new ArrayList<>();
        if (enabled.contains("kill")) faults.addAll(List.of("kill-leader", "kill-minority", "kill-all"));
        if (enabled.contains("pause")) faults.addAll(List.of("pause-leader", "pause-majority"));
        for (Fault f : others) faults.addAll(f.variants());
        if (faults.isEmpty()) return;
        // Rounds through the faults in a fresh random order each time, so that even a short run
        // sees every kind once instead of whatever a few independent draws happen to pick.
        List<String> round = new ArrayList<>();
        while (!stopping) {
            rest(1000 + rnd.nextInt(1500));
            if (stopping) break;
            if (round.isEmpty()) {
                round.addAll(faults);
                Collections.shuffle(round, rnd);
            }
            String fault = round.remove(round.size() - 1);
            try {
                inject(fault);
            } catch (RuntimeException | AssertionError e) {
                failures.add(fault + ": " + e);
                log("FAILED " + fault + ": " + e);
                healAll();
            }
        }
    }

    private void inject(String fault) {
        for (Fault f : others) {
            if (f.variants().contains(fault)) {
                inject(f, fault);
                return;
            }
        }
        List<NodeProcess> targets = targets(fault);
        if (targets.isEmpty()) return;
        String names = targets.stream().map(NodeProcess::name).toList().toString();
        counts.merge(fault, 1, Integer::sum);
        boolean kill = fault.startsWith("kill");
        log("start " + fault + " " + names);
        for (NodeProcess n : targets) {
            if (kill) n.kill9();
            else n.pause();
        }
        rest(1000 + rnd.nextInt(2000));
        for (NodeProcess n : targets) {
            if (kill) n.restart();
            else n.resume();
        }
        log("healed " + fault + " " + names);
        cluster.leader();
    }

    private void inject(Fault f, String fault) {
        List<String> found = new ArrayList<>();
        Optional<String> what;
        try {
            what = f.start(fault, rnd, found);
        } finally {
            failures.addAll(found);
        }
        if (what.isEmpty()) return;
        counts.merge(fault, 1, Integer::sum);
        log("start " + fault + " " + what.get());
        found.forEach(p -> log("FOUND " + p));
        rest(1000 + rnd.nextInt(2000));
        found.clear();
        f.heal(found);
        failures.addAll(found);
        found.forEach(p -> log("FOUND " + p));
        log("healed " + fault);
        cluster.leader();
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
    boolean healAll() {
        boolean ok = true;
        for (Fault f : others) {
            try {
                f.healAll();
            } catch (RuntimeException e) {
                failures.add("healing " + f.variants() + ": " + e);
                ok = false;
            }
        }
        for (NodeProcess n : cluster.nodes()) {
            try {
                n.resume();
                if (!n.isAlive()) n.restart();
            } catch (RuntimeException | AssertionError e) {
                failures.add(n.name() + " would not restart: " + e);
                ok = false;
            }
        }
        return ok;
    }

    void stop() {
        stopping = true;
    }

    private void rest(long millis) {
        long until = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        while (!stopping && System.nanoTime() < until) LockSupport.parkNanos(50_000_000L);
    }

    private void log(String what) {
        events.add(String.format("%8.3f s  %s", (System.nanoTime() - startNanos) / 1e9, what));
    }

    List<String> events() {
        return List.copyOf(events);
    }

    Map<String, Integer> counts() {
        synchronized (counts) {
            return new TreeMap<>(counts);
        }
    }

    /** Faults that could not be injected or healed (a node that will not restart, no leader after healing). */
    List<String> failures() {
        return List.copyOf(failures);
    }
}
