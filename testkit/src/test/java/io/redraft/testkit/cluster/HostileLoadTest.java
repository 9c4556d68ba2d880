package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The requests of docs/limits.md, sent in a loop to the leader of three real nodes while a second
 * client reads and writes: no node restarts, no election happens, the second client's every request
 * is answered correctly, and the nodes end with equal DEBUG DIGESTs. Its latency is printed next to
 * an idle node's (a figure, never asserted).
 */
@Tag("cluster")
class HostileLoadTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    /** One hostile request per entry; errors are expected answers, only their absence of a reply is not. */
    private static final List<String[]> HOSTILE = List.of(
            new String[] {"KEYS", "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"},
            new String[] {"KEYS", "*"},
            new String[] {"SCAN", "0", "MATCH", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "COUNT", "100000"},
            new String[] {"SETRANGE", "s", "9223372036854775807", "x"},
            new String[] {"SETRANGE", "s", "2147483647", "x"},
            new String[] {"SETBIT", "s", "4294967296", "1"},
            new String[] {"SRANDMEMBER", "set", "-2147483648"},
            new String[] {"HRANDFIELD", "hash", "-100000"},
            new String[] {"LPOS", "list", "nope", "MAXLEN", "0"},
            new String[] {"LCS", "lcs1", "lcs2"},
            new String[] {"SUNIONSTORE", "dst", "set", "set2"},
            new String[] {"RESTORE", "r", "0", "\013\030junk-payload\n\0abcdefgh", "REPLACE"},
            new String[] {"PFCOUNT", "badhll", "hll"},
            new String[] {"RAFT.AE", "1", "2", "2:999:0:0:0:1", "0"},
            new String[] {"RAFT.REQUESTVOTE", "1", "2", "0:999:2:999:999"},
            new String[] {"CONFIG", "GET", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"});

    @Test
    void hostileRequestsCostNoNodeNoElectionAndNoDivergence() throws Exception {
        LocalCluster c = clusters.formed(3);
        int leader = c.leader();
        NodeProcess node = c.node(leader);
        try (Jedis j = node.jedis()) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < 30_000; i++) p.set("a".repeat(40) + i, "v");
            for (int i = 0; i < 5_000; i++) {
                p.sadd("set", "m" + i);
                p.sadd("set2", "n" + i);
                p.hset("hash", "f" + i, "v");
                p.rpush("list", "e" + i);
            }
            p.set("lcs1", "ab".repeat(1500));
            p.set("lcs2", "ba".repeat(1500));
            p.pfadd("hll", "x", "y");
            p.pfadd("badhll", "x");
            p.sync();
            j.append("badhll", "\u00d4"); // a run past the last register: corrupt
        }
        List<Long> pids = c.nodes().stream().map(NodeProcess::pid).toList();
        List<Long> terms = c.nodes().stream().map(n -> c.info(n.number()).term()).toList();

        long[] idle = latencies(node, 300);
        AtomicLong hostileSent = new AtomicLong();
        AtomicReference<Throwable> hostileFailure = new AtomicReference<>();
        Thread hostile = new Thread(() -> {
            try (Jedis h = node.jedis()) {
                h.getConnection().setSoTimeout(60_000);
                while (!Thread.currentThread().isInterrupted()) {
                    for (String[] req : HOSTILE) {
                        try {
                            Cmd.call(h, req);
                        } catch (JedisDataException expected) {
                            // an error reply is an answer
                        }
                        hostileSent.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                if (!Thread.currentThread().isInterrupted()) hostileFailure.set(t);
            }
        }, "hostile");
        hostile.start();
        long[] loaded;
        try {
            c.waitFor("the hostile loop to get going", () -> hostileSent.get() >= HOSTILE.size());
            loaded = latencies(node, 300);
            c.waitFor("two whole hostile rounds", () -> hostileSent.get() >= 3L * HOSTILE.size());
        } finally {
            hostile.interrupt();
            hostile.join(60_000);
        }
        assertThat(hostileFailure.get()).as("the hostile client's connection").isNull();
        System.out.printf("HostileLoadTest: %d hostile requests; good client p50/p99 idle %.2f/%.2f ms, under load %.2f/%.2f ms%n",
                hostileSent.get(), idle[0] / 1e6, idle[1] / 1e6, loaded[0] / 1e6, loaded[1] / 1e6);

        assertThat(c.nodes().stream().map(NodeProcess::pid).toList()).as("no node restarted").isEqualTo(pids);
        assertThat(c.nodes().stream().map(n -> c.info(n.number()).term()).toList()).as("no election").isEqualTo(terms);
        long commit = c.info(leader).commitIndex();
        c.waitFor("every node to apply " + commit,
                () -> c.nodes().stream().allMatch(n -> c.info(n.number()).lastApplied() >= commit));
        List<String> digests = new ArrayList<>();
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                digests.add(Cmd.string(j, "DEBUG", "DIGEST"));
            }
        }
        assertThat(digests).as("DEBUG DIGEST on every node").containsOnly(digests.get(0));
    }

    /** p50 and p99 in ns of {@code n} rounds of SET, GET, PING, each answered correctly. */
    private static long[] latencies(NodeProcess node, int n) {
        long[] t = new long[n];
        try (Jedis j = node.jedis()) {
            j.getConnection().setSoTimeout(60_000);
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                assertThat(j.set("good", Integer.toString(i))).isEqualTo("OK");
                assertThat(j.get("good")).isEqualTo(Integer.toString(i));
                assertThat(j.ping()).isEqualTo("PONG");
                t[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(t);
        return new long[] {t[n / 2], t[n * 99 / 100]};
    }
}
