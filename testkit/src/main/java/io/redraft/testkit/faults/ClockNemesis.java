package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;

/**
 * Wall-clock faults through the nodes' test-only clock offset ({@code RAFT.DEBUG CLOCK}, which
 * needs {@code raft.test-hooks yes}): skew (some nodes minutes apart), a jump (one node hours
 * ahead or behind, the leader half the time) and a strobe (one node's clock flipping between
 * far-apart values every few milliseconds). Raft timing is monotonic and must not notice; what
 * could notice is expiry, which only the leader's logged "now" may decide.
 */
final class ClockNemesis implements Nemesis {
    private final LocalCluster cluster;
    private final Random rnd;
    private final List<NodeProcess> touched = new ArrayList<>();
    private volatile Thread strobe;

    ClockNemesis(LocalCluster cluster, long seed) {
        this.cluster = cluster;
        this.rnd = new Random(seed ^ 0xC10C);
    }

    @Override
    public List<String> faults() {
        return List.of("clock-skew", "clock-jump", "clock-strobe");
    }

    @Override
    public String start(String fault) {
        List<NodeProcess> nodes = new ArrayList<>(cluster.nodes().stream().filter(NodeProcess::isAlive).toList());
        if (nodes.isEmpty()) return null;
        Collections.shuffle(nodes, rnd);
        List<String> what = new ArrayList<>();
        switch (fault) {
            case "clock-skew" -> {
                for (NodeProcess n : nodes.subList(0, 1 + rnd.nextInt(nodes.size()))) {
                    long offset = (rnd.nextInt(601) - 300) * 1000L; // within ±5 minutes
                    if (set(n, offset)) what.add(n.name() + " " + offset + " ms");
                }
            }
            case "clock-jump" -> {
                NodeProcess n = rnd.nextBoolean() ? cluster.currentLeader().map(cluster::node).orElse(nodes.get(0)) : nodes.get(0);
                long offset = (rnd.nextBoolean() ? 1 : -1) * TimeUnit.HOURS.toMillis(1 + rnd.nextInt(48));
                if (set(n, offset)) what.add(n.name() + " " + offset + " ms");
            }
            case "clock-strobe" -> {
                NodeProcess n = nodes.get(0);
                long a = (rnd.nextInt(121) - 60) * 1000L, b = -a + rnd.nextInt(10_000);
                Thread t = new Thread(() -> {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        try {
                            setQuietly(n, i % 2 == 0 ? a : b);
                        } catch (RuntimeException e) {
                            // a node answering oddly mid-strobe (loading, shutting down): keep going
                        }
                        LockSupport.parkNanos(5_000_000L + rnd.nextInt(20_000_000));
                    }
                }, "clock-strobe");
                t.setDaemon(true);
                touched.add(n);
                strobe = t;
                t.start();
                what.add(n.name() + " between " + a + " and " + b + " ms");
            }
            default -> throw new IllegalArgumentException(fault);
        }
        return what.isEmpty() ? null : what.toString();
    }

    @Override
    public void stop(String fault) {
        heal();
    }

    @Override
    public boolean heal() {
        Thread t = strobe;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            strobe = null;
        }
        // A node restarted since (kill nemesis) has lost its offset anyway.
        for (NodeProcess n : touched) setQuietly(n, 0);
        touched.clear();
        return true;
    }

    private boolean set(NodeProcess n, long offsetMillis) {
        if (!setQuietly(n, offsetMillis)) return false;
        touched.add(n);
        return true;
    }

    /** RAFT.DEBUG CLOCK; false if the node is down or paused (the clock of a dead node does not matter). */
    static boolean setQuietly(NodeProcess n, long offsetMillis) {
        if (!n.isAlive()) return false;
        try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(n.host(), n.port(), 1000)) {
            String reply = Cmd.string(j, "RAFT.DEBUG", "CLOCK", Long.toString(offsetMillis));
            if (!"OK".equals(reply)) throw new IllegalStateException(n.name() + ": RAFT.DEBUG CLOCK replied " + reply);
            return true;
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            return false;
        }
    }
}
