package io.redraft.testkit.sim;

import io.redraft.raft.ConfChange;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.HardState;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftMessage;
import io.redraft.testkit.lin.CheckResult;
import io.redraft.testkit.lin.History;
import io.redraft.testkit.lin.LinearizabilityChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded, deterministic world of Raft nodes, clients and faults. One {@link SplittableRandom}
 * drives everything; there is no wall clock and no iteration over identity-hashed collections,
 * so a seed replays the same run bit for bit.
 *
 * <p>A run has three phases: chaos (clients and the {@link Nemesis} active), calm (faults healed,
 * crashed nodes restarted, clients stopped, in-flight ops allowed to finish), then the checks that
 * need the whole run (linearizability of the client history). Raft's safety properties are
 * checked by the {@link SafetyMonitor} after every event.
 */
public final class Simulation implements SimNode.World, SimClient.Cluster {
    /** {@code -Dsim.trace=true} prints faults and role changes as they happen, for replaying a seed. */
    static final boolean TRACE = Boolean.getBoolean("sim.trace");

    /** Virtual milliseconds per Raft tick. */
    static final long TICK_MS = 10;

    private final long seed;
    private final SimParams params;
    private final SplittableRandom random;
    private final Scheduler scheduler = new Scheduler();
    private final SafetyMonitor monitor = new SafetyMonitor();
    private final History history = new History();
    private final SimNetwork<RaftMessage> network;
    private final TreeMap<Integer, SimNode> nodes = new TreeMap<>();
    private final TreeSet<Integer> usedIds = new TreeSet<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final Nemesis nemesis;
    private long nextOpId = 1;

    public Simulation(long seed) {
        this(seed, SimParams.forSeed(seed));
    }

    public Simulation(long seed, SimParams params) {
        this.seed = seed;
        this.params = params;
        this.random = new SplittableRandom(seed);
        this.network = new SimNetwork<>(scheduler, random.split(), SimNetwork.Faults.RELIABLE);
        this.nemesis = new Nemesis(this, random.split());
    }

    /** Runs one whole simulation and reports the first failure, if any. */
    public static SimResult run(long seed) {
        return new Simulation(seed).run();
    }

    public SimResult run() {
        try {
            setUp();
            scheduler.runUntil(params.chaosMs(), this::afterEvent);
            nemesis.calm();
            for (SimClient c : clients) c.stop();
            scheduler.runUntil(params.chaosMs() + params.calmMs(), this::afterEvent);
            CheckResult lin = new LinearizabilityChecker().check(history.ops());
            if (!lin.ok()) return result("Linearizability: " + lin);
            return result(null);
        } catch (SafetyViolation v) {
            return result(v.getMessage() + "\n  at virtual time " + scheduler.now() + " ms");
        } catch (RuntimeException e) {
            return result("Crash: " + e + "\n  at virtual time " + scheduler.now() + " ms\n  " + stack(e));
        }
    }

    private static String stack(Throwable e) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(12, st.length); i++) sb.append(st[i]).append("\n  ");
        return sb.toString();
    }

    private SimResult result(String failure) {
        long ok = 0;
        long unknown = 0;
        for (var op : history.ops()) {
            if (op.indeterminate()) unknown++;
            else ok++;
        }
        String summary = "nodes=" + params.nodes() + " members=" + nodes.size() + " t=" + scheduler.now() + "ms events="
                + scheduler.executed() + " ops(ok/unknown)=" + ok + "/" + unknown + " committed=" + monitor.maxCommitted()
                + " leader-terms=" + monitor.leaderTerms() + " snapshot-loads=" + monitor.snapshotsInstalled()
                + " faults=" + nemesis.summary() + " net[" + network.stats() + "]";
        if (failure != null) failure = failure + "\n  last faults: " + nemesis.recent();
        return new SimResult(seed, failure, summary);
    }

    private void setUp() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < params.nodes(); i++) ids.add(newId());
        List<Entry> initial = initialLog(ids);
        for (int id : ids) {
            SimNode n = createNode(id);
            n.durable().append(initial);
            n.durable().hardState(new HardState(1, 0, initial.size()));
            n.start();
        }
        for (int c = 0; c < params.clients(); c++) {
            SimClient client = new SimClient(c + 1, this, history, random.split(), params.keys(), params.clientTimeoutMs());
            clients.add(client);
            client.start();
        }
        nemesis.start();
    }

    /**
     * The log a real cluster has after {@code RAFT.CLUSTER INIT} on the first node and all others
     * joined: a NO_OP and one ADD_NODE per member, all in term 1 and committed. Writing it to every
     * disk up front starts a run from a formed cluster without simulating the joins.
     */
    static List<Entry> initialLog(List<Integer> ids) {
        List<Entry> log = new ArrayList<>();
        log.add(new Entry(1, 1, EntryType.NO_OP, null));
        for (int id : ids) log.add(new ConfChange(EntryType.ADD_NODE, id, address(id)).toEntry(log.size() + 1, 1));
        return log;
    }

    static String address(int id) {
        return "n" + id + ":6379";
    }

    int newId() {
        int id;
        do {
            id = 1 + random.nextInt(Integer.MAX_VALUE - 1);
        } while (!usedIds.add(id));
        return id;
    }

    SimNode createNode(int id) {
        RaftConfig cfg = params.raftConfig(id);
        SimDisk disk = new SimDisk(scheduler, random.split(), params.diskMinMs(), params.diskMaxMs(), params.groupCommit());
        SimNode n = new SimNode(id, cfg, this, disk, random.split());
        nodes.put(id, n);
        long phase = random.nextLong(TICK_MS);
        scheduler.after(phase, () -> ticker(n));
        return n;
    }

    private void ticker(SimNode n) {
        n.tick();
        scheduler.after(TICK_MS, () -> ticker(n));
    }

    private void afterEvent() {
        // Safety checks run inside the nodes' Ready loops; nothing else is needed per event.
    }

    TreeMap<Integer, SimNode> nodes() {
        return nodes;
    }

    SimNetwork<RaftMessage> network() {
        return network;
    }

    SimParams params() {
        return params;
    }

    /** The up node that believes it leads in the highest term, or null. */
    SimNode leader() {
        SimNode best = null;
        for (SimNode n : nodes.values()) {
            if (n.up() && n.raft().isLeader() && !n.raft().isRemoved() && (best == null || n.raft().term() > best.raft().term())) best = n;
        }
        return best;
    }

    @Override
    public void send(RaftMessage m) {
        network.send(m.from(), m.to(), m, msg -> {
            SimNode to = nodes.get(msg.to());
            if (to != null) to.receive(msg);
        });
    }

    @Override
    public SafetyMonitor monitor() {
        return monitor;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public SimNode node(int id) {
        SimNode n = nodes.get(id);
        return n != null && n.up() ? n : null;
    }

    @Override
    public List<Integer> candidates() {
        List<Integer> ids = new ArrayList<>();
        for (SimNode n : nodes.values()) if (n.up() && !n.raft().isRemoved()) ids.add(n.id());
        if (ids.isEmpty()) ids.addAll(nodes.keySet());
        return ids;
    }

    @Override
    public long nextOpId() {
        return nextOpId++;
    }

    History history() {
        return history;
    }

    long seed() {
        return seed;
    }
}
