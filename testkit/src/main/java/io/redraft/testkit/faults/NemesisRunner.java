package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Injects faults in rounds: pick a fault, hold it a second or three, heal it, wait for the cluster
 * to elect a leader again, rest a moment. One fault at a time, so a failure is easy to read from
 * the event log. Rounds go through the enabled families in a fresh random order, and each family
 * through its own faults likewise, so that even a short run interleaves every family (kills
 * between membership changes) instead of whatever a few independent draws happen to pick.
 */
final class NemesisRunner implements Runnable {
    private record Fault(String name, Nemesis family) {}

    private final LocalCluster cluster;
    private final List<Nemesis> families;
    private final Random rnd;
    private final long startNanos = System.nanoTime();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = Collections.synchronizedMap(new TreeMap<>());
    private final List<String> failures = new CopyOnWriteArrayList<>();
    /** Names the group in every event of a sharded run ("g2 "); empty otherwise. */
    private final String label;
    private volatile boolean stopping;

    NemesisRunner(LocalCluster cluster, List<Nemesis> families, long seed) {
        this(cluster, families, seed, "");
    }

    NemesisRunner(LocalCluster cluster, List<Nemesis> families, long seed, String label) {
        this.cluster = cluster;
        this.families = List.copyOf(families);
        this.rnd = new Random(seed);
        this.label = label;
    }

    @Override
    public void run() {
        List<Nemesis> active = families.stream().filter(n -> !n.faults().isEmpty()).toList();
        if (active.isEmpty()) return;
        List<Nemesis> familyRound = new ArrayList<>();
        Map<Nemesis, List<String>> faultRounds = new java.util.IdentityHashMap<>();
        while (!stopping) {
            rest(1000 + rnd.nextInt(1500));
            if (stopping) break;
            if (familyRound.isEmpty()) {
                familyRound.addAll(active);
                Collections.shuffle(familyRound, rnd);
            }
            Nemesis family = familyRound.remove(familyRound.size() - 1);
            List<String> faultRound = faultRounds.computeIfAbsent(family, f -> new ArrayList<>());
            if (faultRound.isEmpty()) {
                faultRound.addAll(family.faults());
                Collections.shuffle(faultRound, rnd);
            }
            Fault fault = new Fault(faultRound.remove(faultRound.size() - 1), family);
            try {
                inject(fault);
            } catch (RuntimeException | AssertionError e) {
                failures.add(fault.name() + ": " + e);
                log("FAILED " + fault.name() + ": " + e);
                healAll();
            }
        }
    }

    private void inject(Fault fault) {
        String what;
        List<String> found;
        try {
            what = fault.family().start(fault.name());
        } finally {
            found = findings(fault.family());
        }
        if (what != null) {
            counts.merge(fault.name(), 1, Integer::sum);
            log("start " + fault.name() + " " + what);
        }
        found.forEach(f -> log("FOUND " + f));
        if (what == null) return;
        // Held even when stopping: a fault is always healed by its own stop, never half-way.
        sleep(1000 + rnd.nextInt(2000));
        try {
            fault.family().stop(fault.name());
        } finally {
            findings(fault.family()).forEach(f -> log("FOUND " + f));
        }
        log("healed " + fault.name());
        cluster.leader();
    }

    /** The family's findings since the last call, now counted as failures of the run. */
    private List<String> findings(Nemesis family) {
        List<String> found = family.drainFindings();
        failures.addAll(found);
        return found;
    }

    /** Heals every family; true if all nodes are back. */
    boolean healAll() {
        boolean ok = true;
        for (Nemesis n : families) {
            try {
                ok &= n.heal();
            } catch (RuntimeException | AssertionError e) {
                failures.add("healing " + n.faults() + ": " + e);
                ok = false;
            }
        }
        return ok;
    }

    void closeAll() {
        for (Nemesis n : families) {
            try {
                n.close();
            } catch (RuntimeException e) {
                failures.add("closing " + n.faults() + ": " + e);
            }
        }
    }

    void stop() {
        stopping = true;
    }

    void log(String what) {
        events.add(String.format("%8.3f s  %s%s", (System.nanoTime() - startNanos) / 1e9, label, what));
    }

    private void rest(long millis) {
        long until = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        while (!stopping && System.nanoTime() < until) LockSupport.parkNanos(50_000_000L);
    }

    private static void sleep(long millis) {
        long until = System.nanoTime() + Duration.ofMillis(millis).toNanos();
        while (System.nanoTime() < until) LockSupport.parkNanos(until - System.nanoTime());
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
