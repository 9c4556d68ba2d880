package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Issue 7: an RDB written by a stock redis-server seeds a new Redraft cluster. The dump is placed
 * at node 1's {@code dir/dbfilename} before {@code RAFT.CLUSTER INIT}; every node, including one
 * that joins later, must then hold exactly what Redis held: same types, values, order and
 * absolute expiry times.
 */
@Tag("cluster")
class ImportTest {
    private static final String REDIS = "/usr/bin/redis-server";

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @TempDir
    Path tmp;

    @Test
    void aStockRedisDumpSeedsTheClusterAndEveryNodeThatJoins() throws Exception {
        Map<String, String> expected = stockDump(tmp);
        LocalCluster c = clusters.start(3);
        Files.copy(tmp.resolve("dump.rdb"), c.node(1).snapshotFile());
        c.form();
        assertThat(Files.exists(c.node(1).dataDir().resolve("raft1.rdb.import"))).as("the import mark is gone").isFalse();
        for (NodeProcess n : c.nodes()) assertHolds(c, n, expected);
        assertEqualDigests(c);
        for (int n = 2; n <= 3; n++) {
            assertThat(c.info(n).number("raft_snapshots_received")).as("node%d got the dataset as a snapshot", n)
                    .isGreaterThanOrEqualTo(1);
        }

        NodeProcess added = c.addNode();
        c.join(added.number());
        c.awaitStable(4);
        awaitApplied(c);
        assertHolds(c, added, expected);
        assertEqualDigests(c);

        // the first snapshot is an ordinary Redraft snapshot now: a restart of everyone keeps it
        for (NodeProcess n : c.nodes()) n.kill9();
        for (NodeProcess n : c.nodes()) n.start();
        for (NodeProcess n : c.nodes()) n.awaitReady(LocalCluster.PATIENCE);
        c.awaitStable(4);
        awaitApplied(c);
        for (NodeProcess n : c.nodes()) assertHolds(c, n, expected);
        assertEqualDigests(c);
    }

    /** kill -9 after INIT created the cluster but before the dump reached its first snapshot. */
    @Test
    void anImportInterruptedBeforeItsSnapshotResumesAtRestart() throws Exception {
        Map<String, String> expected = stockDump(tmp);
        // the first snapshot waits 2 s on the writer thread: the moment to kill
        LocalCluster c = clusters.start(2, "--raft.snapshot-delay", "2");
        NodeProcess first = c.node(1);
        Files.copy(tmp.resolve("dump.rdb"), first.snapshotFile());
        CompletableFuture<Object> init = CompletableFuture.supplyAsync(() -> {
            try (Jedis j = new Jedis("127.0.0.1", first.port(), 30_000)) {
                return Cmd.call(j, "RAFT.CLUSTER", "INIT");
            } catch (RuntimeException e) {
                return e;
            }
        });
        c.waitFor("node1 to write the import snapshot", () -> "yes".equals(c.info(1).get("raft_snapshot_in_progress")));
        assertThat(c.info(1).state()).isEqualTo("loading");
        try (Jedis j = first.jedis()) {
            assertThat(catchError(() -> Cmd.call(j, "GET", "s:1"))).isEqualTo("LOADING Raft module is loading data");
        }
        first.kill9();
        assertThat(init.get(10, TimeUnit.SECONDS)).as("INIT never answered OK").isInstanceOf(RuntimeException.class);
        assertThat(Files.exists(first.dataDir().resolve("raft1.rdb.import"))).as("the import mark").isTrue();

        first.start().awaitReady(LocalCluster.PATIENCE);
        c.waitFor("node1 to finish the import", () -> c.info(1).isLeader() && c.info(1).number("raft_snapshot_last_idx") >= 2);
        assertThat(Files.exists(first.dataDir().resolve("raft1.rdb.import"))).as("the import mark is gone").isFalse();
        c.join(2);
        c.awaitStable(2);
        awaitApplied(c);
        for (NodeProcess n : c.nodes()) assertHolds(c, n, expected);
        assertEqualDigests(c);
    }

    private static String catchError(Runnable r) {
        try {
            r.run();
            return null;
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            return e.getMessage();
        }
    }

    private static void awaitApplied(LocalCluster c) {
        long commit = c.info(c.leader()).commitIndex();
        c.waitFor("all nodes to apply " + commit, () -> c.nodes().stream()
                .allMatch(n -> c.info(n.number()).lastApplied() >= commit));
    }

    private static void assertHolds(LocalCluster c, NodeProcess n, Map<String, String> expected) {
        try (Jedis j = n.jedis()) {
            Map<String, String> actual = describeAll(expected.keySet(), words -> {
                String[] local = new String[words.length + 2];
                local[0] = "RAFT.DEBUG";
                local[1] = "EXEC";
                System.arraycopy(words, 0, local, 2, words.length);
                return Cmd.call(j, local);
            });
            assertThat(actual).as("%s's keyspace", n.name()).isEqualTo(expected);
            assertThat(Cmd.call(j, "RAFT.DEBUG", "EXEC", "DBSIZE")).as("%s's DBSIZE", n.name())
                    .isEqualTo((long) expected.size());
        }
    }

    private static void assertEqualDigests(LocalCluster c) {
        List<String> digests = Keyspace.digests(c);
        assertThat(digests).as("DEBUG DIGEST on every node").containsOnly(digests.get(0));
        assertThat(digests.get(0)).isNotEqualTo("0".repeat(40));
    }

    /**
     * Fills a stock redis-server with every type in its compact and large encodings (int, embstr,
     * raw and LZF-compressible strings; listpack and quicklist lists; intset, listpack and
     * hashtable sets; listpack and skiplist zsets; listpack and hashtable hashes), a tenth of the
     * keys with an absolute expiry an hour ahead, SAVEs it to {@code dir/dump.rdb} and returns
     * each key's description as Redis itself reports it.
     */
    static Map<String, String> stockDump(Path dir) throws Exception {
        assumeThat(new File(REDIS).canExecute()).as("a stock redis-server at " + REDIS).isTrue();
        int port = NodeProcess.freePort();
        Process redis = new ProcessBuilder(REDIS, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            Poll.until("redis-server to answer PING", () -> {
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    return "PONG".equals(j.ping());
                } catch (RuntimeException e) {
                    return false;
                }
            }, () -> redis.isAlive() ? "starting" : "exited", Duration.ofSeconds(30));
            List<String> keys = new ArrayList<>();
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                long expireAt = System.currentTimeMillis() + 3_600_000L;
                Pipeline p = j.pipelined();
                for (int i = 0; i < 400; i++) {
                    String k = "s:" + i;
                    switch (i % 4) {
                        case 0 -> p.set(k, Integer.toString(i * 7919 - 100_000));
                        case 1 -> p.set(k, "short-" + i);
                        case 2 -> p.set(k, "x".repeat(200) + i);
                        default -> p.set(k, "raw value number " + i + " " + "abcdefghij".repeat(5));
                    }
                    keys.add(k);
                }
                for (int i = 0; i < 60; i++) {
                    String k = "l:" + i;
                    int n = i == 0 ? 1500 : 1 + i % 20;
                    for (int e = 0; e < n; e++) p.rpush(k, (e % 3 == 0 ? "" + e : "item-" + e));
                    keys.add(k);
                }
                for (int i = 0; i < 60; i++) {
                    String k = "set:" + i;
                    int n = i < 2 ? 700 : 1 + i % 15;
                    for (int e = 0; e < n; e++) p.sadd(k, i % 2 == 0 ? Integer.toString(e * 3) : "m" + e);
                    keys.add(k);
                }
                for (int i = 0; i < 60; i++) {
                    String k = "z:" + i;
                    int n = i == 0 ? 400 : 1 + i % 12;
                    for (int e = 0; e < n; e++) p.zadd(k, (e - 5) * 1.25 + (e % 3 == 0 ? 1e-3 : 0), "member-" + e);
                    keys.add(k);
                }
                for (int i = 0; i < 60; i++) {
                    String k = "h:" + i;
                    int n = i == 0 ? 800 : 1 + i % 10;
                    for (int e = 0; e < n; e++) p.hset(k, "field-" + e, e % 2 == 0 ? Integer.toString(e) : "value-" + e);
                    keys.add(k);
                }
                for (int i = 0; i < keys.size(); i += 10) p.pexpireAt(keys.get(i), expireAt + i);
                p.sync();
                assertThat(j.save()).isEqualTo("OK");
                Map<String, String> described = describeAll(keys, words -> Cmd.call(j, words));
                assertThat(described).hasSize(keys.size());
                return described;
            }
        } finally {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) redis.destroyForcibly().waitFor();
        }
    }

    /** Type, full content (sets and hashes sorted) and PEXPIRETIME of each key, in key order. */
    @SuppressWarnings("unchecked")
    static Map<String, String> describeAll(Iterable<String> keys, Function<String[], Object> call) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : keys) {
            String type = call.apply(new String[] {"TYPE", k}).toString();
            Object content = switch (type) {
                case "string" -> call.apply(new String[] {"GET", k});
                case "list" -> call.apply(new String[] {"LRANGE", k, "0", "-1"});
                case "set" -> ((List<String>) call.apply(new String[] {"SMEMBERS", k})).stream().sorted().toList();
                case "zset" -> call.apply(new String[] {"ZRANGE", k, "0", "-1", "WITHSCORES"});
                case "hash" -> {
                    List<String> flat = (List<String>) call.apply(new String[] {"HGETALL", k});
                    List<String> pairs = new ArrayList<>();
                    for (int i = 0; i < flat.size(); i += 2) pairs.add(flat.get(i) + "=" + flat.get(i + 1));
                    yield pairs.stream().sorted().toList();
                }
                default -> "missing";
            };
            out.put(k, type + " " + content + " expireat=" + call.apply(new String[] {"PEXPIRETIME", k}));
        }
        return out;
    }
}
