package io.redraft.testkit.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The fallback where network namespaces are not available: each server, started with the
 * test-only {@code raft.test-net-faults yes}, is told by {@code RAFT.DEBUG NETDROP id...} which
 * Raft node ids it must not hear (their requests go unanswered, their replies are discarded).
 * Weaker than real partitions: only Raft traffic is cut, and a node that restarts forgets its
 * list until the next change, so a partition combined with kill heals early on the restarted node.
 */
final class HookPartitions implements Partitions {
    static final String SETTING = "raft.test-net-faults";

    private final LocalCluster cluster;
    private final Map<Integer, Set<Integer>> deafTo = new HashMap<>();
    /** Raft ids by node number, remembered so that a paused node can still be named. */
    private final Map<Integer, Long> ids = new HashMap<>();

    HookPartitions(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String mechanism() {
        return "hook (" + SETTING + ")";
    }

    @Override
    public synchronized String toString() {
        return mechanism() + ", deaf to (by node number): " + deafTo;
    }

    @Override
    public synchronized void drop(int from, int to) {
        deafTo.computeIfAbsent(to, k -> new TreeSet<>()).add(from);
        push(to);
    }

    @Override
    public synchronized void heal() {
        List<Integer> nodes = new ArrayList<>(deafTo.keySet());
        deafTo.clear();
        for (int n : nodes) push(n);
    }

    /** Sends node {@code to} its whole list, as Raft ids; a node that is down or paused is skipped. */
    private void push(int to) {
        NodeProcess n = cluster.node(to);
        if (!n.isAlive()) return;
        List<String> words = new ArrayList<>(List.of("RAFT.DEBUG", "NETDROP"));
        for (int from : deafTo.getOrDefault(to, Set.of())) {
            cluster.tryInfo(from).ifPresent(i -> ids.put(from, i.nodeId()));
            if (ids.containsKey(from)) words.add(Long.toString(ids.get(from)));
        }
        try (Jedis j = ClusterSecurity.jedis(n.host(), n.port(), 2000)) {
            String reply = Cmd.string(j, words.toArray(String[]::new));
            if (!"OK".equals(reply)) throw new IllegalStateException(words + " on " + n.name() + " replied " + reply);
        } catch (JedisConnectionException e) {
            // a paused node cannot be told; like a message lost, the fault is simply not applied there
        }
    }
}
