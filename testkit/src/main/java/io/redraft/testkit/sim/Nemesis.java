package io.redraft.testkit.sim;

import io.redraft.raft.ConfChange;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Injects faults at random moments: partitions (symmetric and one-way), message loss, duplication
 * and delay, crashes with restarts, slow disks, membership changes, leadership transfers and
 * forced compactions. {@link #calm()} undoes the faults that can be undone.
 */
final class Nemesis {
    private static final int MAX_MEMBERS = 7;

    private final Simulation sim;
    private final SplittableRandom random;
    private final TreeMap<String, Integer> counts = new TreeMap<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private boolean calm;

    Nemesis(Simulation sim, SplittableRandom random) {
        this.sim = sim;
        this.random = random;
    }

    void start() {
        schedule();
    }

    private void schedule() {
        long delay = sim.params().storm() ? random.nextLong(5, 60) : random.nextLong(20, 200);
        sim.scheduler().after(delay, () -> {
            if (calm) return;
            act();
            schedule();
        });
    }

    private void act() {
        int pick = random.nextInt(100);
        if (pick < 10) partition();
        else if (pick < 16) isolateLeader();
        else if (pick < 21) oneWayPartition();
        else if (pick < 33) heal();
        else if (pick < 41) flakyNetwork();
        else if (pick < 46) calmNetwork();
        else if (pick < 54) crash();
        else if (pick < 62) crashLeader();
        else if (pick < 67) slowDisk();
        else if (pick < 74) addNode();
        else if (pick < 80) removeNode();
        else if (pick < 89) transferLeadership();
        else compact();
    }

    private void note(String what) {
        counts.merge(what.split(" ")[0], 1, Integer::sum);
        recent.addLast("@" + sim.scheduler().now() + " " + what);
        if (Simulation.TRACE) System.out.println("@" + sim.scheduler().now() + " nemesis: " + what);
        if (recent.size() > 15) recent.removeFirst();
    }

    private List<SimNode> upNodes() {
        List<SimNode> up = new ArrayList<>();
        for (SimNode n : sim.nodes().values()) if (n.up()) up.add(n);
        return up;
    }

    private <T> T any(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private void partition() {
        List<Integer> ids = new ArrayList<>(sim.nodes().keySet());
        if (ids.size() < 2) return;
        List<Integer> side = new ArrayList<>();
        for (int id : ids) if (random.nextBoolean()) side.add(id);
        for (int a : side) for (int b : ids) if (!side.contains(b)) sim.network().cutBoth(a, b);
        note("partition " + side + " | rest");
    }

    /**
     * Puts the leader in a minority with at most one follower, so that it keeps appending client
     * writes that reach too few nodes to commit while the majority elects someone else: the
     * setting of Raft Figure 8.
     */
    private void isolateLeader() {
        SimNode leader = sim.leader();
        if (leader == null || sim.nodes().size() < 3) return;
        List<Integer> ids = new ArrayList<>(sim.nodes().keySet());
        List<Integer> side = new ArrayList<>(List.of(leader.id()));
        if (ids.size() >= 5 && random.nextBoolean()) {
            int buddy = any(ids);
            if (buddy != leader.id()) side.add(buddy);
        }
        for (int a : side) for (int b : ids) if (!side.contains(b)) sim.network().cutBoth(a, b);
        note("isolate-leader " + side);
    }

    private void oneWayPartition() {
        List<Integer> ids = new ArrayList<>(sim.nodes().keySet());
        if (ids.size() < 2) return;
        int from = any(ids);
        int to = any(ids);
        if (from == to) return;
        sim.network().cut(from, to);
        note("cut " + from + " -> " + to);
    }

    private void heal() {
        sim.network().heal();
        note("heal");
    }

    private void flakyNetwork() {
        double drop = random.nextDouble() * (sim.params().storm() ? 0.5 : 0.25);
        double dup = random.nextDouble() * 0.1;
        long maxDelay = 2 + random.nextInt(40);
        // half the time some messages also arrive once more, up to half a second late: stale
        // snapshot chunks, AppendEntries and votes reach nodes that moved on long ago
        double late = random.nextBoolean() ? random.nextDouble() * 0.05 : 0;
        long lateMax = 100 + random.nextInt(400);
        sim.network().faults(new SimNetwork.Faults(drop, dup, 1, maxDelay, late, lateMax));
        note(String.format("flaky drop=%.2f dup=%.2f delay<=%d late=%.3f<=%d", drop, dup, maxDelay, late, lateMax));
    }

    private void calmNetwork() {
        sim.network().faults(new SimNetwork.Faults(0, 0, 1, 5));
        note("steady-net");
    }

    private void crash() {
        List<SimNode> up = upNodes();
        if (up.isEmpty()) return;
        SimNode n = any(up);
        n.crash();
        note("crash " + n.id());
        sim.scheduler().after(random.nextLong(10, 400), () -> {
            if (!n.up() && !calm) {
                n.start();
                note("restart " + n.id());
            }
        });
    }

    /** Crashes the leader soon after it took office, often with entries it had not yet replicated. */
    private void crashLeader() {
        SimNode leader = sim.leader();
        if (leader == null) return;
        leader.crash();
        note("crash-leader " + leader.id());
        sim.scheduler().after(random.nextLong(10, 200), () -> {
            if (!leader.up() && !calm) {
                leader.start();
                note("restart " + leader.id());
            }
        });
    }

    private void slowDisk() {
        List<SimNode> all = new ArrayList<>(sim.nodes().values());
        SimNode n = any(all);
        long slow = 20 + random.nextInt(80);
        n.disk().latency(slow, slow * 2);
        note("slow-disk " + n.id() + " " + slow + "ms");
        sim.scheduler().after(random.nextLong(100, 600), () -> n.disk().latency(sim.params().diskMinMs(), sim.params().diskMaxMs()));
    }

    private void addNode() {
        SimNode leader = sim.leader();
        if (leader == null || leader.raft().config().members().size() >= MAX_MEMBERS) return;
        int id = sim.newId();
        try {
            leader.act(r -> r.proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, id, Simulation.address(id))));
        } catch (RaftException e) {
            note("add " + id + " refused: " + e.error());
            return;
        }
        SimNode n = sim.createNode(id);
        n.start();
        note("add " + id);
    }

    private void removeNode() {
        SimNode leader = sim.leader();
        if (leader == null) return;
        var cfg = leader.raft().config();
        List<Integer> members = cfg.memberIds();
        int victim = any(members);
        if (cfg.isVoter(victim) && cfg.voterIds().size() <= 1) return;
        try {
            leader.act(r -> r.proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, victim, "")));
            note("remove " + victim + (victim == leader.id() ? " (the leader)" : ""));
        } catch (RaftException e) {
            note("remove " + victim + " refused: " + e.error());
        }
    }

    private void transferLeadership() {
        SimNode leader = sim.leader();
        if (leader == null) return;
        List<Integer> voters = leader.raft().config().voterIds();
        int target = random.nextInt(3) == 0 ? 0 : any(voters);
        try {
            leader.act(r -> r.transferLeadership(target));
            note("transfer " + leader.id() + " -> " + (target == 0 ? "best" : target));
        } catch (RaftException e) {
            note("transfer refused: " + e.error());
        }
    }

    private void compact() {
        List<SimNode> up = upNodes();
        if (up.isEmpty()) return;
        SimNode n = any(up);
        n.act(r -> r.requestCompaction());
        note("compact " + n.id());
    }

    /** Ends the chaos: network healed and reliable, disks fast, crashed nodes restarted. */
    void calm() {
        calm = true;
        sim.network().heal();
        sim.network().faults(new SimNetwork.Faults(0, 0, 1, 5));
        for (SimNode n : sim.nodes().values()) {
            n.disk().latency(sim.params().diskMinMs(), sim.params().diskMaxMs());
            if (!n.up()) n.start();
        }
        note("calm");
    }

    String summary() {
        return counts.toString();
    }

    String recent() {
        return String.join("; ", recent);
    }
}
