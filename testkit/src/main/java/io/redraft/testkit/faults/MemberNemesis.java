package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import io.redraft.testkit.cluster.RaftInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Membership faults: {@code RAFT.NODE REMOVE} of a random member (the leader included), and joins
 * of wiped nodes, between one voter and {@link #MAX_MEMBERS}. A removed node shuts itself down
 * (RedisRaft's RAFT.NODESHUTDOWN); its disk is then wiped and it waits, not running, until a
 * join brings it back as a new node with a new id. When every node the cluster started with is
 * in and fewer than {@link #MAX_MEMBERS} are, a join starts a brand-new process instead.
 */
final class MemberNemesis implements Nemesis {
    static final int MAX_MEMBERS = 5;

    private final LocalCluster cluster;
    private final Random rnd;
    /** Node numbers removed (and wiped) and not joined again. */
    private final Set<Integer> out = new TreeSet<>();

    MemberNemesis(LocalCluster cluster, long seed) {
        this.cluster = cluster;
        this.rnd = new Random(seed ^ 0x3E3BE5);
    }

    @Override
    public List<String> faults() {
        // Drawn twice per round each: the size walks down and up instead of sitting in the middle.
        return List.of("member-remove", "member-join", "member-change", "member-change");
    }

    @Override
    public String start(String fault) {
        reconcile();
        int members = cluster.size() - out.size();
        boolean remove = switch (fault) {
            case "member-remove" -> true;
            case "member-join" -> false;
            default -> rnd.nextBoolean();
        };
        if (remove && members <= 1) remove = false;
        if (!remove && members >= MAX_MEMBERS) remove = true;
        return remove ? remove() : join();
    }

    private String remove() {
        int leader = cluster.leader();
        List<NodeProcess> members = new ArrayList<>(cluster.nodes().stream().filter(n -> !out.contains(n.number())).toList());
        Collections.shuffle(members, rnd);
        // Only a node that is up in the cluster has an id to remove: one a kill left restarting,
        // loading or uninitialized reports id 0.
        members.removeIf(n -> cluster.tryInfo(n.number()).map(i -> !i.isUp() || i.nodeId() <= 0).orElse(true));
        if (members.isEmpty()) return null;
        NodeProcess victim = members.get(0);
        long id = cluster.info(victim.number()).nodeId();
        try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(cluster.node(leader).host(), cluster.node(leader).port(), (int) LocalCluster.PATIENCE.toMillis())) {
            String reply = Cmd.string(j, "RAFT.NODE", "REMOVE", Long.toString(id));
            if (!"OK".equals(reply)) throw new IllegalStateException("RAFT.NODE REMOVE " + id + " replied " + reply);
        } catch (JedisConnectionException lost) {
            // The outcome is unknown (a leader removing itself may be gone before its reply is
            // read): the next reconcile() learns it from the configuration, as an operator would.
            return victim.name() + " (id " + id + (victim.number() == leader ? ", the leader" : "")
                    + "): reply lost (" + lost.getMessage() + "), outcome left to the configuration";
        }
        // RedisRaft's removed node shuts itself down when it applies its removal or hears
        // RAFT.NODESHUTDOWN; one that a concurrent fault kept from both stays up serving nothing
        // (RemovedNodeTest) until the operator stops it, as here.
        try {
            int exit = victim.awaitExit(LocalCluster.PATIENCE);
            if (exit != 0) throw new IllegalStateException(victim.name() + " exited with " + exit + " after its removal");
        } catch (AssertionError stillRunning) {
            victim.kill9();
        }
        victim.wipe();
        out.add(victim.number());
        return victim.name() + " (id " + id + (victim.number() == leader ? ", the leader" : "") + "), "
                + (cluster.size() - out.size()) + " members left";
    }

    private String join() {
        NodeProcess n;
        if (!out.isEmpty()) {
            List<Integer> candidates = new ArrayList<>(out);
            n = cluster.node(candidates.get(rnd.nextInt(candidates.size())));
            rejoin(n);
        } else {
            n = cluster.addNode();
            cluster.join(n.number());
        }
        awaitMember(n);
        return n.name() + ", " + (cluster.size() - out.size()) + " members";
    }

    /** A wiped node starts uninitialized and joins as a new node. */
    private void rejoin(NodeProcess n) {
        n.kill9(); // a kill nemesis may have restarted it meanwhile (uninitialized, harmless)
        n.wipe();
        n.startAndAwait();
        cluster.join(n.number());
        out.remove(n.number());
    }

    private void awaitMember(NodeProcess n) {
        cluster.waitFor(n.name() + " up as a member", () -> {
            Optional<RaftInfo> i = cluster.tryInfo(n.number());
            return i.isPresent() && i.get().isUp() && i.get().leaderId() > 0;
        }, Duration.ofSeconds(30));
    }

    @Override
    public void stop(String fault) {
        // one-shot: a membership change is not undone, the next draws walk the size back
    }

    /**
     * Brings the bookkeeping in line with the leader's configuration: a node that is no member
     * (a removal whose reply was lost took effect after all), or that archived its files and
     * came back uninitialized, or that shut itself down, is stopped, wiped and counted out. A
     * member that is down or restarting stays a member.
     */
    private void reconcile() {
        Set<Long> members = cluster.info(cluster.leader()).memberIds();
        for (NodeProcess n : cluster.nodes()) {
            if (out.contains(n.number())) continue;
            boolean gone;
            if (!n.isAlive()) {
                gone = n.exitCode().orElse(-1) == 0; // a removed node exits 0; a killed one is restarted
            } else {
                Optional<RaftInfo> i = cluster.tryInfo(n.number());
                gone = i.isPresent() && (i.get().isUp() ? !members.contains(i.get().nodeId())
                        : "uninitialized".equals(i.get().state()));
            }
            if (gone) {
                if (n.isAlive()) n.kill9();
                n.wipe();
                out.add(n.number());
            }
        }
    }

    /** Joins every removed node again, so the run ends with all nodes voting. */
    @Override
    public boolean heal() {
        reconcile();
        for (Integer number : List.copyOf(out)) {
            NodeProcess n = cluster.node(number);
            rejoin(n);
            awaitMember(n);
        }
        return true;
    }

    @Override
    public List<Pattern> expectedWarnings() {
        return List.of(Pattern.compile("removed from the cluster"));
    }

    @Override
    public int finalVoters() {
        return cluster.size();
    }
}
