package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.redraft.server.tool.AdminMain;
import io.redraft.store.HashSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

/**
 * Issue #15's proof with stock cluster clients: 3 shard groups x 3 real nodes on loopback, made by
 * bin/redraft-admin's create. JedisCluster, Lettuce's RedisClusterClient, {@code redis-cli -c} and
 * redis-py's RedisCluster write keys over all slots and read each other's back; every key is in the
 * group that CLUSTER KEYSLOT and the map name (CLUSTER COUNTKEYSINSLOT on every group's leader,
 * slot by slot). Then, under writes from JedisCluster and Lettuce, every group's leader in turn is
 * killed and restarted: the clients follow CLUSTER SLOTS/NODES and -MOVED to the new leaders, and
 * every acknowledged SET is read back afterwards. {@code -Dredraft.shards.keys} sets the number of
 * keys of the first part (default 20000; the figure is 100000).
 */
@Tag("cluster")
class ShardedClientsTest {
    static final int KEYS = Integer.getInteger("redraft.shards.keys", 20_000);
    static final int GROUPS = 3;
    static final int REPLICAS = 3;

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    /** One LocalCluster per shard group: their nodes start three at a time, which a busy machine copes with. */
    private final List<LocalCluster> groups = new ArrayList<>();

    private List<NodeProcess> nodes() {
        List<NodeProcess> all = new ArrayList<>();
        for (LocalCluster g : groups) all.addAll(g.nodes());
        return all;
    }

    /** Node k (1-based) in create's address order. */
    private NodeProcess node(int k) {
        return nodes().get(k - 1);
    }

    @Test
    void clusterClientsSpreadKeysOverEveryGroupAndFollowNewLeaders() throws Exception {
        long t0 = System.nanoTime();
        for (int g = 0; g < GROUPS; g++) {
            groups.add(clusters.start(REPLICAS, "--raft.sharding", "yes", "--raft.shardgroup-update-interval", "200"));
        }
        List<String> create = new ArrayList<>(List.of("create", "--shards", Integer.toString(GROUPS)));
        nodes().forEach(n -> create.add(n.address()));
        var out = new ByteArrayOutputStream();
        assertThat(AdminMain.run(create, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).as(out.toString()).isZero();
        System.out.print(out);
        long formed = System.nanoTime();

        Set<HostAndPort> seeds = new HashSet<>();
        nodes().forEach(n -> seeds.add(new HostAndPort(n.host(), n.port())));
        RedisClusterClient lettuce = RedisClusterClient.create(nodes().stream()
                .map(n -> RedisURI.builder().withHost(n.host()).withPort(n.port()).withTimeout(Duration.ofSeconds(30)).build()).toList());
        lettuce.setOptions(ClusterClientOptions.builder().maxRedirects(10).topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofMillis(200))
                .enablePeriodicRefresh(Duration.ofSeconds(1)).build()).build());
        try (JedisCluster jedis = new JedisCluster(seeds, 2000, 5000, 10, new GenericObjectPoolConfig<Connection>());
                StatefulRedisClusterConnection<String, String> lc = lettuce.connect()) {
            Map<String, String> written = writeWithEveryClient(jedis, lc);
            long wroteAt = System.nanoTime();
            checkPlacement(written);
            long checkedAt = System.nanoTime();
            System.out.printf("sharded clients: %d keys; forming 3x3 %d ms, writing and cross-reading %d ms, placement check %d ms%n",
                    written.size(), ms(formed - t0), ms(wroteAt - formed), ms(checkedAt - wroteAt));

            Map<String, String> acked = failEveryLeaderUnderLoad(jedis, lc);
            long failedOverAt = System.nanoTime();
            awaitLeadersFirstEverywhere();
            // A fresh client, so that the read goes by CLUSTER SLOTS alone (a pipeline follows no MOVED).
            try (JedisCluster reader = new JedisCluster(seeds, 2000, 10_000, 10, new GenericObjectPoolConfig<Connection>())) {
                assertReadable(reader, acked);
            }
            String py = ExternalClusterClients.redisPyAvailable()
                    ? ExternalClusterClients.redisPy(node(1).port(), "get", sample(acked, 300)) : "skipped";
            assertThat(py).satisfiesAnyOf(r -> assertThat(r).isEqualTo("skipped"), r -> assertThat(r).isEqualTo("done 300 bad 0"));
            System.out.printf("sharded clients: %d acknowledged writes across 3 leader kills (%d ms), all read back; total %d ms%n",
                    acked.size(), ms(failedOverAt - checkedAt), ms(System.nanoTime() - t0));
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /**
     * A write refused with "TIMEOUT not committed yet" lost its log slot to another leader's entry
     * (an election on a busy machine): it was not applied, and a client retries it. Any other
     * error fails the test.
     */
    private static String orRetried(java.util.concurrent.Callable<String> first, java.util.function.Supplier<String> again)
            throws Exception {
        try {
            return first.call();
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            if (!String.valueOf(cause.getMessage()).startsWith("TIMEOUT not committed")) throw e;
            for (int attempt = 0; ; attempt++) {
                try {
                    return again.get();
                } catch (RuntimeException retry) {
                    if (attempt == 5 || !String.valueOf(retry.getMessage()).startsWith("TIMEOUT not committed")) throw retry;
                }
            }
        }
    }

    private static void awaitSets(StatefulRedisClusterConnection<String, String> lc, Map<String, RedisFuture<String>> fs,
                                  Map<String, String> values) throws Exception {
        for (var e : fs.entrySet()) {
            String k = e.getKey();
            assertThat(orRetried(() -> e.getValue().get(60, TimeUnit.SECONDS), () -> lc.sync().set(k, values.get(k))))
                    .as(k).isEqualTo("OK");
        }
    }

    /**
     * 45% of the keys through JedisCluster's pipeline, 45% through Lettuce's async API, 5% each
     * through redis-cli -c and redis-py (without python3-redis, redis-cli takes its share too).
     * Each client then reads another client's keys.
     */
    private Map<String, String> writeWithEveryClient(JedisCluster jedis, StatefulRedisClusterConnection<String, String> lc) throws Exception {
        boolean py = ExternalClusterClients.redisPyAvailable();
        if (!py) System.out.println("sharded clients: python3-redis is not installed (apt-get install python3-redis); redis-py part skipped");
        int small = KEYS / 20;
        Map<String, String> byJedis = keys("j", KEYS * 9 / 20);
        Map<String, String> byLettuce = keys("l", KEYS * 9 / 20);
        Map<String, String> byCli = keys("c", py ? small : 2 * small);
        Map<String, String> byPy = py ? keys("p", small) : Map.of();

        try (ClusterPipeline p = jedis.pipelined()) {
            List<Response<String>> rs = new ArrayList<>();
            for (var e : byJedis.entrySet()) rs.add(p.set(e.getKey(), e.getValue()));
            p.sync();
            int i = 0;
            for (var e : byJedis.entrySet()) {
                Response<String> r = rs.get(i++);
                assertThat(orRetried(r::get, () -> jedis.set(e.getKey(), e.getValue()))).isEqualTo("OK");
            }
        }
        // In windows of 1000: a whole share in flight at once can outwait the timeout on a busy machine.
        Map<String, RedisFuture<String>> fs = new LinkedHashMap<>();
        for (var e : byLettuce.entrySet()) {
            fs.put(e.getKey(), lc.async().set(e.getKey(), e.getValue()));
            if (fs.size() == 1000) {
                awaitSets(lc, fs, byLettuce);
                fs.clear();
            }
        }
        awaitSets(lc, fs, byLettuce);
        List<String> sets = byCli.entrySet().stream().map(e -> "SET " + e.getKey() + " " + e.getValue()).toList();
        List<String> cliOut = ExternalClusterClients.redisCli(node(2).port(), sets);
        assertThat(cliOut).hasSize(sets.size()).containsOnly("OK");
        if (py) assertThat(ExternalClusterClients.redisPy(node(3).port(), "set", byPy)).isEqualTo("done " + byPy.size() + " bad 0");

        // Cross reads: each client reads keys another one wrote.
        try (ClusterPipeline p = jedis.pipelined()) {
            Map<String, Response<String>> rs = new LinkedHashMap<>();
            for (String k : byLettuce.keySet()) rs.put(k, p.get(k));
            p.sync();
            for (var e : rs.entrySet()) assertThat(e.getValue().get()).as(e.getKey()).isEqualTo(byLettuce.get(e.getKey()));
        }
        Map<String, RedisFuture<String>> gets = new LinkedHashMap<>();
        for (String k : byJedis.keySet()) {
            gets.put(k, lc.async().get(k));
            if (gets.size() == 1000) {
                for (var e : gets.entrySet()) assertThat(e.getValue().get(60, TimeUnit.SECONDS)).as(e.getKey()).isEqualTo(byJedis.get(e.getKey()));
                gets.clear();
            }
        }
        for (var e : gets.entrySet()) assertThat(e.getValue().get(60, TimeUnit.SECONDS)).as(e.getKey()).isEqualTo(byJedis.get(e.getKey()));
        Map<String, String> forCli = py ? byPy : sample(byJedis, small);
        List<String> cliGets = ExternalClusterClients.redisCli(node(4).port(), forCli.keySet().stream().map(k -> "GET " + k).toList());
        assertThat(cliGets).containsExactlyElementsOf(forCli.values());
        if (py) assertThat(ExternalClusterClients.redisPy(node(5).port(), "get", byCli)).isEqualTo("done " + byCli.size() + " bad 0");

        Map<String, String> all = new LinkedHashMap<>(byJedis);
        all.putAll(byLettuce);
        all.putAll(byCli);
        all.putAll(byPy);
        return all;
    }

    private static Map<String, String> keys(String client, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) m.put(client + ":" + i, client + "-value-" + i);
        return m;
    }

    private static Map<String, String> sample(Map<String, String> m, int n) {
        Map<String, String> s = new LinkedHashMap<>();
        int step = Math.max(1, m.size() / n);
        int i = 0;
        for (var e : m.entrySet()) {
            if (i++ % step == 0 && s.size() < n) s.put(e.getKey(), e.getValue());
        }
        return s;
    }

    /** Group g's nodes: create takes the addresses in order, REPLICAS per group. */
    private List<NodeProcess> group(int g) {
        return groups.get(g).nodes();
    }

    private static int[] slotsOf(int g) {
        int size = 16384 / GROUPS, extra = 16384 % GROUPS;
        int start = g * size + Math.min(g, extra);
        return new int[] {start, start + size - 1 + (g < extra ? 1 : 0)};
    }

    private int groupOf(int slot) {
        for (int g = 0; g < GROUPS; g++) if (slot >= slotsOf(g)[0] && slot <= slotsOf(g)[1]) return g;
        throw new AssertionError(slot);
    }

    /** The node of group g that leads it now, waiting for one. */
    private NodeProcess leaderOf(int g) {
        return Poll.until("a leader in group " + g, () -> {
            for (NodeProcess n : group(g)) {
                var i = groups.get(g).tryInfo(n.number());
                if (i.isPresent() && i.get().isLeader()) return n;
            }
            return null;
        }, n -> n != null, LocalCluster.PATIENCE);
    }

    /**
     * The map every node shows (CLUSTER SLOTS: group g's range, its leader first) agrees with the
     * split create chose; CLUSTER KEYSLOT agrees with the client-side hash for a sample; and on
     * every group's leader each slot holds exactly the keys that hash to it if the group owns it,
     * none otherwise.
     */
    private void checkPlacement(Map<String, String> written) {
        for (NodeProcess n : nodes()) {
            try (Jedis j = n.jedis()) {
                List<Object> slots = j.clusterSlots();
                assertThat(slots).as("CLUSTER SLOTS of " + n).hasSize(GROUPS);
                for (Object o : slots) {
                    List<?> range = (List<?>) o;
                    int start = ((Long) range.get(0)).intValue();
                    int g = groupOf(start);
                    assertThat(range.get(1)).isEqualTo((long) slotsOf(g)[1]);
                    Set<Integer> ports = new HashSet<>();
                    for (Object node : range.subList(2, range.size())) ports.add(((Long) ((List<?>) node).get(1)).intValue());
                    assertThat(ports).containsExactlyInAnyOrderElementsOf(group(g).stream().map(NodeProcess::port).toList());
                }
            }
        }
        int[] expected = new int[16384];
        for (String k : written.keySet()) expected[HashSlot.of(k.getBytes(StandardCharsets.UTF_8))]++;
        try (Jedis j = node(1).jedis()) {
            for (String k : sample(written, 200).keySet()) {
                assertThat(j.clusterKeySlot(k)).as(k).isEqualTo(HashSlot.of(k.getBytes(StandardCharsets.UTF_8)));
            }
        }
        long total = 0;
        for (int g = 0; g < GROUPS; g++) {
            NodeProcess leader = leaderOf(g);
            try (Jedis j = leader.jedis()) {
                Pipeline p = j.pipelined();
                List<Response<Object>> counts = new ArrayList<>(16384);
                for (int s = 0; s < 16384; s++) counts.add(p.sendCommand(Protocol.Command.CLUSTER, "COUNTKEYSINSLOT", Integer.toString(s)));
                p.sync();
                long inGroup = 0;
                for (int s = 0; s < 16384; s++) {
                    long want = groupOf(s) == g ? expected[s] : 0;
                    assertThat(counts.get(s).get()).as("CLUSTER COUNTKEYSINSLOT %d on group %d's leader %s", s, g, leader).isEqualTo((Object) want);
                    inGroup += (Long) counts.get(s).get();
                }
                assertThat(j.dbSize()).isEqualTo(inGroup);
                assertThat(inGroup).as("keys in group %d", g).isPositive();
                total += inGroup;
            }
        }
        assertThat(total).isEqualTo(written.size());
    }

    /**
     * JedisCluster and Lettuce write new keys in a loop; the leader of each group in turn is
     * killed, and restarted once the group has a new leader and the writers have had writes to
     * that group's slots acknowledged since. Returns every acknowledged key with its value.
     */
    private Map<String, String> failEveryLeaderUnderLoad(JedisCluster jedis, StatefulRedisClusterConnection<String, String> lc)
            throws Exception {
        // A write to a killed leader should fail soon, so that the writer moves on to the new one.
        lc.setTimeout(Duration.ofSeconds(3));
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicLongArray perGroup = new AtomicLongArray(GROUPS);
        AtomicBoolean stop = new AtomicBoolean();
        long[] failures = new long[2];
        Thread jw = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String k = "fj:" + i, v = "v" + i;
                try {
                    if ("OK".equals(jedis.set(k, v))) ack(acked, perGroup, k, v);
                } catch (RuntimeException e) {
                    failures[0]++;
                }
            }
        }, "jedis-writer");
        Thread lw = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String k = "fl:" + i, v = "v" + i;
                try {
                    if ("OK".equals(lc.sync().set(k, v))) ack(acked, perGroup, k, v);
                } catch (RuntimeException e) {
                    failures[1]++;
                }
            }
        }, "lettuce-writer");
        jw.start();
        lw.start();
        try {
            for (int g = 0; g < GROUPS; g++) {
                int group = g;
                NodeProcess old = leaderOf(g);
                long before = perGroup.get(g);
                LocalCluster c = groups.get(g);
                c.waitFor("writes to group " + g + " before its leader is killed", () -> perGroup.get(group) >= before + 20);
                old.kill9();
                long atKill = perGroup.get(g);
                NodeProcess next = Poll.until("a new leader in group " + g, () -> leaderOf(group), n -> n != old, Duration.ofSeconds(20));
                c.waitFor("writes to group " + g + " acknowledged by its new leader " + next,
                        () -> perGroup.get(group) >= atKill + 50, Duration.ofSeconds(60));
                old.startAndAwait();
                c.waitFor(old + " back as a follower", () -> c.tryInfo(old.number()).map(i -> i.isUp() && !i.isLeader()).orElse(false));
                System.out.printf("sharded clients: group %d: killed leader %s, new leader %s, %d writes to the group since%n",
                        g, old, next, perGroup.get(g) - atKill);
            }
            groups.get(0).waitFor("more writes with every node back", () -> acked.size() >= 100);
        } finally {
            stop.set(true);
            jw.join(30_000);
            lw.join(30_000);
        }
        System.out.printf("sharded clients: writers saw %d (Jedis) and %d (Lettuce) failed or unknown writes during the kills%n",
                failures[0], failures[1]);
        for (int g = 0; g < GROUPS; g++) assertThat(perGroup.get(g)).isPositive();
        return Map.copyOf(acked);
    }

    /** Every node's CLUSTER SLOTS names each group's current leader first: the linked groups' refresh has caught up. */
    private void awaitLeadersFirstEverywhere() {
        groups.get(0).waitFor("every node to list each group's leader first in CLUSTER SLOTS", () -> {
            for (NodeProcess n : nodes()) {
                try (Jedis j = n.jedis()) {
                    for (Object o : j.clusterSlots()) {
                        List<?> range = (List<?>) o;
                        int g = groupOf(((Long) range.get(0)).intValue());
                        long first = (Long) ((List<?>) range.get(2)).get(1);
                        if (first != leaderOf(g).port()) return false;
                    }
                }
            }
            return true;
        }, Duration.ofSeconds(30));
    }

    private void ack(Map<String, String> acked, AtomicLongArray perGroup, String k, String v) {
        acked.put(k, v);
        perGroup.incrementAndGet(groupOf(HashSlot.of(k.getBytes(StandardCharsets.UTF_8))));
    }

    /** Every acknowledged key holds its value, read through JedisCluster once the writers stopped. */
    private static void assertReadable(JedisCluster jedis, Map<String, String> acked) {
        List<String> missing = new ArrayList<>();
        try (ClusterPipeline p = jedis.pipelined()) {
            Map<String, Response<String>> rs = new LinkedHashMap<>();
            for (String k : acked.keySet()) rs.put(k, p.get(k));
            p.sync();
            for (var e : rs.entrySet()) if (!acked.get(e.getKey()).equals(e.getValue().get())) missing.add(e.getKey() + "=" + e.getValue().get());
        }
        assertThat(missing).as("acknowledged writes not read back").isEmpty();
    }
}
