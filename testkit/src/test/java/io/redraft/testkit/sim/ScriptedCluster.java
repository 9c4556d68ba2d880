package io.redraft.testkit.sim;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The simulator's world driven by a script instead of a nemesis: nodes tick only when told to,
 * links are cut and healed by hand, and a script can act between any two events. Used to walk
 * the cluster into a precise corner (e.g. Raft Figure 8) with the same safety monitor watching.
 */
final class ScriptedCluster implements SimNode.World {
    private final Scheduler scheduler = new Scheduler();
    private final SafetyMonitor monitor = new SafetyMonitor();
    private final SimNetwork<RaftMessage> network;
    private final TreeMap<Integer, SimNode> nodes = new TreeMap<>();
    private final TreeSet<Integer> ticking = new TreeSet<>();
    private final List<Runnable> watchers = new ArrayList<>();

    ScriptedCluster(int size, RaftConfig base, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        network = new SimNetwork<>(scheduler, random.split(), SimNetwork.Faults.RELIABLE);
        List<Integer> ids = new ArrayList<>();
        for (int id = 1; id <= size; id++) ids.add(id);
        List<Entry> log = Simulation.initialLog(ids); // the formed cluster a simulation starts from
        for (int id = 1; id <= size; id++) {
            SimNode n = new SimNode(id, base.withNodeId(id), this, new SimDisk(scheduler, random.split(), 0, 0, true),
                    random.split());
            n.durable().append(log);
            n.durable().hardState(new HardState(1, 0, log.size()));
            nodes.put(id, n);
            n.start();
            int nodeId = id;
            scheduler.after(id, () -> ticker(nodeId));
        }
    }

    private void ticker(int id) {
        if (ticking.contains(id)) nodes.get(id).tick();
        scheduler.after(Simulation.TICK_MS, () -> ticker(id));
    }

    SimNode node(int id) {
        return nodes.get(id);
    }

    /** Only these nodes' clocks advance (the others never time out). */
    void tickOnly(Integer... ids) {
        ticking.clear();
        ticking.addAll(List.of(ids));
    }

    void cutBoth(List<Integer> side, List<Integer> other) {
        for (int a : side) for (int b : other) network.cutBoth(a, b);
    }

    void cut(int from, int to) {
        network.cut(from, to);
    }

    void isolate(int id) {
        for (int other : nodes.keySet()) if (other != id) network.cutBoth(id, other);
    }

    void heal() {
        network.heal();
    }

    /** Runs {@code action} after every event from now on (until {@link #clearWatchers}). */
    void watch(Runnable action) {
        watchers.add(action);
    }

    void clearWatchers() {
        watchers.clear();
    }

    /** Runs events until {@code done} holds (checked after every event) or {@code ms} pass. */
    boolean runUntil(BooleanSupplier done, long ms) {
        long until = scheduler.now() + ms;
        while (!done.getAsBoolean()) {
            if (!scheduler.step(until)) return false;
            for (Runnable w : List.copyOf(watchers)) w.run();
        }
        return true;
    }

    void run(long ms) {
        runUntil(() -> false, ms);
    }

    int leaderOfTermAtLeast(long term) {
        for (SimNode n : nodes.values()) {
            if (n.up() && n.raft().isLeader() && n.raft().term() >= term) return n.id();
        }
        return 0;
    }

    @Override
    public void send(RaftMessage m) {
        network.send(m.from(), m.to(), m, msg -> nodes.get(msg.to()).receive(msg));
    }

    @Override
    public SafetyMonitor monitor() {
        return monitor;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }
}
