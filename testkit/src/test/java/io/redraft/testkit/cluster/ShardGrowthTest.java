package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.tool.AdminMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

/**
 * Issue #16's growth proof with real processes: 2 groups x 3 nodes made by {@code redraft-admin
 * create}; while JedisCluster and Lettuce write new keys continuously, half of group 1's slots move
 * to group 2 ({@code reshard}) with group 1's leader killed mid-move, then a third group is added
 * ({@code add-group}) and {@code rebalance} gives it a third of everything, the leader of the
 * group receiving slots killed mid-move, the source's leader paused, and group 3's leader killed. A tool run cut short by a fault is simply run
 * again. At the end, key by key: every acknowledged write is in the group owning its slot with its
 * value, no group holds a key of a slot it does not own, the three groups' maps split the slots
 * between them with nothing left in motion, and each group's CLUSTER COUNTKEYSINSLOT adds up to
 * its DBSIZE.
 */
@Tag("cluster")
class ShardGrowthTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    private final List<LocalCluster> groups = new ArrayList<>();
    private static final String[] ARGS = {"--raft.sharding", "yes", "--raft.shardgroup-update-interval", "200"};

    @Test
    void twoGroupsGrowToThreeUnderWritesAndFaultsLosingNothing() throws Exception {
        for (int g = 0; g < 2; g++) groups.add(clusters.start(3, ARGS));
        List<String> create = new ArrayList<>(List.of("create", "--shards", "2"));
        for (LocalCluster g : groups) g.nodes().forEach(n -> create.add(n.address()));
        assertThat(admin(create, s -> { })).isZero();

        Set<HostAndPort> seeds = new HashSet<>();
        for (LocalCluster g : groups) g.nodes().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
        RedisClusterClient lettuce = RedisClusterClient.create(groups.stream().flatMap(g -> g.nodes().stream())
                .map(n -> RedisURI.builder().withHost(n.host()).withPort(n.port()).withTimeout(Duration.ofSeconds(3)).build()).toList());
        lettuce.setOptions(ClusterClientOptions.builder().maxRedirects(10).topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofMillis(200))
                .enablePeriodicRefresh(Duration.ofSeconds(1)).build()).build());
        Map<String, String> acked = new ConcurrentHashMap<>();
        ackedAt.clear();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failed = new AtomicInteger();
        try (JedisCluster jedis = new JedisCluster(seeds, 2000, 5000, 20, new GenericObjectPoolConfig<Connection>());
                StatefulRedisClusterConnection<String, String> lc = lettuce.connect()) {
            Thread jw = writer("jedis-writer", stop, i -> {
                String k = "gj:" + i, v = "j" + i;
                try {
                    if ("OK".equals(jedis.set(k, v))) ack(acked, k, v);
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
            });
            Thread lw = writer("lettuce-writer", stop, i -> {
                String k = "gl:" + i, v = "l" + i;
                try {
                    if ("OK".equals(lc.sync().set(k, v))) ack(acked, k, v);
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
            });
            try {
                groups.get(0).waitFor("writes before the first move", () -> acked.size() >= 2000, Duration.ofSeconds(120));
                // Move 1: half of group 1's slots to group 2, group 1's leader killed once keys move.
                say("move 1 (reshard) starts, %d writes acknowledged", acked.size());
                untilDone(List.of("reshard", "--from", groups.get(0).node(1).address(), "--to", groups.get(1).node(1).address(),
                        "--slots", "0-4095"), () -> killLeader(0));
                int afterMove1 = acked.size();
                say("move 1 done, %d writes acknowledged", afterMove1);
                // Grow: a third group, then a third of everything to it, its leader killed and a node of group 2 paused.
                groups.add(clusters.start(3, ARGS));
                List<String> add = new ArrayList<>(List.of("add-group", "--to", groups.get(0).node(1).address()));
                groups.get(2).nodes().forEach(n -> add.add(n.address()));
                assertThat(admin(add, s -> { })).isZero();
                // The plan's first move is group 2 -> group 1 (the biggest gives to the smaller first):
                // its target's leader is killed mid-move, its source's leader paused, and group 3's leader killed.
                say("rebalance starts");
                untilDone(List.of("rebalance", groups.get(1).node(1).address()), () -> {
                    killLeader(0);
                    NodeProcess paused = leaderOf(1);
                    paused.pause();
                    say("group 2's leader %s paused", paused);
                    sleepWhileWriting(acked, 200);
                    paused.resume();
                    killLeader(2);
                });
                groups.get(0).waitFor("writes after the moves", () -> acked.size() >= afterMove1 + 2000, Duration.ofSeconds(120));
            } finally {
                stop.set(true);
                jw.join(30_000);
                lw.join(30_000);
            }
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        System.out.printf("shard growth: %d acknowledged writes, %d failed or unknown%n", acked.size(), failed.get());
        checkEveryKey(acked);
    }

    /** When each write was acknowledged, to place a lost one among the moves and faults printed with their times. */
    private final Map<String, java.time.LocalTime> ackedAt = new ConcurrentHashMap<>();

    private void ack(Map<String, String> acked, String k, String v) {
        acked.put(k, v);
        ackedAt.put(k, java.time.LocalTime.now());
    }

    private static void say(String format, Object... args) {
        System.out.println(java.time.LocalTime.now() + " shard growth: " + String.format(format, args));
    }

    private static Thread writer(String name, AtomicBoolean stop, Consumer<Integer> write) {
        Thread t = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) write.accept(i);
        }, name);
        t.start();
        return t;
    }

    /** Runs an admin command; once its first progress line is out, {@code fault} strikes; runs it again until it succeeds. */
    private void untilDone(List<String> command, ThrowingRunnable fault) throws Exception {
        StringBuffer seen = new StringBuffer();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread tool = new Thread(() -> exit.set(admin(command, seen::append)), "admin");
        tool.start();
        groups.get(0).waitFor("the first keys moved by " + command.get(0),
                () -> seen.toString().contains("keys moved") || !tool.isAlive(), Duration.ofSeconds(300));
        fault.run();
        tool.join(600_000);
        for (int attempt = 1; exit.get() != 0; attempt++) {
            assertThat(attempt).as(command + " still failing: " + seen).isLessThan(8);
            say("%s cut short (exit %d), running it again", command.get(0), exit.get());
            exit.set(admin(command, seen::append));
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private int admin(List<String> args, Consumer<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                lines.accept(new String(b, off, len, StandardCharsets.UTF_8));
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        if (code != 0) System.out.println("shard growth: " + args.get(0) + ": " + err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
        return code;
    }

    private NodeProcess leaderOf(int g) {
        return Poll.until("a leader in group " + g, () -> {
            for (NodeProcess n : groups.get(g).nodes()) {
                var i = groups.get(g).tryInfo(n.number());
                if (i.isPresent() && i.get().isLeader()) return n;
            }
            return null;
        }, n -> n != null, Duration.ofSeconds(60));
    }

    private void killLeader(int g) {
        NodeProcess old = leaderOf(g);
        old.kill9();
        NodeProcess next = Poll.until("a new leader in group " + g, () -> leaderOf(g), n -> n != old, Duration.ofSeconds(60));
        old.startAndAwait();
        say("group %d: killed leader %s, new leader %s, old one restarted", g + 1, old, next);
    }

    private static void sleepWhileWriting(Map<String, String> acked, int more) {
        int target = acked.size() + more;
        try {
            Poll.until("writes while a node is paused", () -> acked.size(), n -> n >= target, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            // Paused long enough either way; the check below is what matters.
        }
    }

    /**
     * For the record of a failure: each bad key's slot, when it was acknowledged, and every node's
     * own count of keys in that slot and owner of it (answered locally, followers too), so that the
     * node logs can be searched for the slot's moves.
     */
    private void describe(List<String> bad) {
        for (String b : bad.subList(0, Math.min(bad.size(), 5))) {
            String key = b.substring(0, b.indexOf('='));
            int slot = io.redraft.store.HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder("shard growth: missing or changed " + b + " in slot " + slot + ", acknowledged at " + ackedAt.get(key) + ":");
            for (int g = 0; g < groups.size(); g++) {
                for (NodeProcess n : groups.get(g).nodes()) {
                    out.append("\n  group ").append(g + 1).append(' ').append(n);
                    try (Jedis j = n.jedis()) {
                        out.append(" count ").append(j.sendCommand(Protocol.Command.CLUSTER, "COUNTKEYSINSLOT", Integer.toString(slot)));
                        ShardMap map = ShardMap.decode((byte[]) j.sendCommand(() -> "RAFT.SHARDGROUP".getBytes(), "MAP".getBytes()));
                        ShardGroup owner = map.stableOwner(slot);
                        out.append(" owner ").append(owner == null ? "none" : owner.id().equals(map.localId()) ? "self" : owner.id());
                    } catch (RuntimeException e) {
                        out.append(" unreachable: ").append(e.getMessage());
                    }
                }
            }
            System.out.println(out);
        }
    }

    private void checkEveryKey(Map<String, String> acked) {
        List<BitSet> owned = new ArrayList<>();
        List<NodeProcess> leaders = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            NodeProcess leader = leaderOf(g);
            leaders.add(leader);
            try (Jedis j = leader.jedis()) {
                ShardMap map = ShardMap.decode((byte[]) j.sendCommand(() -> "RAFT.SHARDGROUP".getBytes(), "MAP".getBytes()));
                BitSet mine = new BitSet();
                for (int s = 0; s < 16384; s++) {
                    assertThat(map.migratingGroup(s)).as("slot %d still migrating in group %d's map", s, g + 1).isNull();
                    assertThat(map.importingGroup(s)).as("slot %d still importing in group %d's map", s, g + 1).isNull();
                    if (map.stableOwner(s) != null && map.stableOwner(s).id().equals(map.localId())) mine.set(s);
                }
                owned.add(mine);
            }
        }
        BitSet union = new BitSet();
        for (int g = 0; g < 3; g++) {
            assertThat(owned.get(g).cardinality()).as("slots of group %d", g + 1).isBetween(5461, 5462);
            for (int h = 0; h < g; h++) assertThat(owned.get(g).intersects(owned.get(h))).as("groups %d and %d share slots", h + 1, g + 1).isFalse();
            union.or(owned.get(g));
        }
        assertThat(union.cardinality()).isEqualTo(16384);
        long total = 0;
        for (int g = 0; g < 3; g++) {
            try (Jedis j = leaders.get(g).jedis()) {
                Pipeline p = j.pipelined();
                List<Response<Object>> counts = new ArrayList<>(16384);
                for (int s = 0; s < 16384; s++) counts.add(p.sendCommand(Protocol.Command.CLUSTER, "COUNTKEYSINSLOT", Integer.toString(s)));
                p.sync();
                long sum = 0;
                for (int s = 0; s < 16384; s++) {
                    long n = (Long) counts.get(s).get();
                    if (!owned.get(g).get(s)) assertThat(n).as("keys of slot %d in group %d, which does not own it", s, g + 1).isZero();
                    sum += n;
                }
                assertThat(j.dbSize()).isEqualTo(sum);
                assertThat(sum).as("keys in group %d", g + 1).isPositive();
                total += sum;
            }
        }
        // Every acknowledged write, in exactly the group owning its slot, with its value.
        List<String> bad = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            try (Jedis j = leaders.get(g).jedis()) {
                Pipeline p = j.pipelined();
                List<String> mine = new ArrayList<>();
                List<Response<String>> values = new ArrayList<>();
                for (String k : acked.keySet()) {
                    if (!owned.get(g).get(io.redraft.store.HashSlot.of(k.getBytes(StandardCharsets.UTF_8)))) continue;
                    mine.add(k);
                    values.add(p.get(k));
                }
                p.sync();
                for (int i = 0; i < mine.size(); i++) {
                    if (!acked.get(mine.get(i)).equals(values.get(i).get())) bad.add(mine.get(i) + "=" + values.get(i).get());
                }
            }
        }
        if (!bad.isEmpty()) describe(bad);
        assertThat(bad).as("acknowledged writes missing or changed").isEmpty();
        assertThat(total).as("keys held by the three groups").isGreaterThanOrEqualTo(acked.size());
        System.out.printf("shard growth: %d keys in the three groups (%d acknowledged), slots %d/%d/%d%n", total, acked.size(),
                owned.get(0).cardinality(), owned.get(1).cardinality(), owned.get(2).cardinality());
    }
}
