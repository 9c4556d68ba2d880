package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code maxmemory} on 3 real node processes: the leader at its limit refuses writes with Redis's
 * OOM error, keeps serving reads and deletes, and accepts writes again once deletes brought it
 * back under; a follower at its limit (the leader not) still applies every entry, since the
 * decision is the leader's, taken before the entry is logged. Every replica ends identical.
 *
 * <p>The JVM's used memory moves with garbage, so no assertion depends on where it stands: the
 * first limit is the leader's used memory at start plus 48 MB and 1 MB writes go on until the
 * first refusal, whenever garbage makes it come; the assertions about a node at its limit are
 * made under a limit 16 MB below the heap measured right after a collection (the data the node
 * holds), which no collection can get under; getting back under after DEL is waited for.
 */
class MaxMemoryClusterTest extends ChildProcessFixture {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    private static final int VALUE = 1 << 20;

    /** Three nodes, n1 the leader once formed; returns their ports. */
    private int[] form() throws Exception {
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            ports[i] = freePort();
            Path d = Files.createDirectories(dir.resolve("n" + (i + 1)));
            ChildNode.start(processes, "-Xmx384m", ports[i], d.resolve("out.log"), "--dir", d.toString(),
                    "--raft.log-fsync", "no", "--loglevel", "warning", "--enable-debug-command", "yes",
                    // No cache of recent entries: the heap then holds the dataset, not copies of the writes too.
                    "--raft.log-max-cache-size", "0");
        }
        try (RawClient first = new RawClient(ports[0])) {
            assertThat(first.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            InProcessCluster.await(() -> first.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (int i = 1; i < 3; i++) {
                try (RawClient c = new RawClient(ports[i])) {
                    assertThat(c.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
                }
            }
            InProcessCluster.await(() -> first.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
        }
        return ports;
    }

    @Test
    void theLeaderAtItsLimitRefusesWritesServesReadsAndDeletesAndRecovers() throws Exception {
        int[] ports = form();
        try (RawClient leader = new RawClient(ports[0], 60_000)) {
            long start = usedMemory(leader);
            configSet(ports, Long.toString(start + 48L * VALUE));
            // Writes until the first refusal, whenever garbage makes it come.
            int written = 0;
            String reply;
            while ((reply = setBig(leader, "big:" + written, written)).equals("+OK\r\n")) {
                written++;
                assertThat(written).as("writes never refused below a limit of %d", start + 48L * VALUE).isLessThan(400);
            }
            assertThat(reply).isEqualTo(OOM);
            // Without a limit, enough data that deleting it makes 32 MB of room.
            configSet(ports, "0");
            for (; written < 32; written++) assertThat(setBig(leader, "big:" + written, written)).isEqualTo("+OK\r\n");

            // Then a limit 16 MB below the data the leader holds (measured after a collection):
            // every write is refused whatever the collector does, so what follows cannot flake.
            long live = liveMemory(leader);
            configSet(ports, Long.toString(live - 16L * VALUE));
            assertThat(setBig(leader, "big:" + written, written)).isEqualTo(OOM);
            assertThat(leader.call("SET", "small", "1")).isEqualTo(OOM);
            assertThat(leader.call("INCR", "counter")).isEqualTo(OOM);
            assertThat(leader.call("RPUSH", "list", "x")).isEqualTo(OOM);
            // Reads, and commands Redis does not flag denyoom, run.
            assertThat(leader.call("DBSIZE")).isEqualTo(":" + (written + 1) + "\r\n");
            assertThat(leader.call("STRLEN", "big:0")).isEqualTo(":" + VALUE + "\r\n");
            assertThat(leader.call("EXISTS", "big:" + (written - 1))).isEqualTo(":1\r\n");
            assertThat(leader.call("EXPIRE", "big:0", "1000")).isEqualTo(":1\r\n");
            String full = sameEverywhere(ports);

            for (int i = 0; i < written; i++) assertThat(leader.call("DEL", "big:" + i)).isEqualTo(":1\r\n");
            assertThat(leader.call("DBSIZE")).isEqualTo(":1\r\n");
            // Under again once the JVM collects the deleted values (a refusal asks it to, at most
            // once a second): writes are accepted again.
            InProcessCluster.await(java.time.Duration.ofSeconds(60), () -> leader.call("SET", "small", "1"),
                    r -> r.equals("+OK\r\n"));
            // Each write leaves garbage (its request and log copies) that counts until the next
            // collection, which a refusal asks for off the node thread: a write may be refused
            // once and accepted a moment later, never refused for good.
            for (int i = 0; i < 5; i++) {
                int n = i;
                InProcessCluster.await(java.time.Duration.ofSeconds(30), () -> setBig(leader, "again:" + n, n), r -> r.equals("+OK\r\n"));
            }
            assertThat(sameEverywhere(ports)).isNotEqualTo(full);
        }
    }

    private static long usedMemory(RawClient c) throws IOException {
        return Long.parseLong(field(c.call("INFO", "memory"), "used_memory"));
    }

    /**
     * The heap in use right after a collection, i.e. what the node holds: a write refused over
     * a 1-byte limit makes the node collect, provided a second has passed since it last did.
     */
    private static long liveMemory(RawClient c) throws Exception {
        assertThat(c.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
        long now = serverMillis(c);
        InProcessCluster.await(() -> Long.toString(serverMillis(c)), t -> Long.parseLong(t) > now + 1100);
        assertThat(c.call("SET", "probe", "1")).isEqualTo(OOM);
        return usedMemory(c);
    }

    private static long serverMillis(RawClient c) throws IOException {
        String[] t = c.call("TIME").split("\r\n");
        return Long.parseLong(t[2]) * 1000 + Long.parseLong(t[4]) / 1000;
    }

    private static void configSet(int[] ports, String maxmemory) throws IOException {
        for (int p : ports) {
            try (RawClient c = new RawClient(p)) {
                assertThat(c.call("CONFIG", "SET", "maxmemory", maxmemory)).isEqualTo("+OK\r\n");
            }
        }
    }

    @Test
    void aFollowerAtItsLimitStillAppliesEveryEntry() throws Exception {
        int[] ports = form();
        for (int i = 1; i < 3; i++) {
            try (RawClient c = new RawClient(ports[i])) {
                assertThat(c.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
            }
        }
        try (RawClient leader = new RawClient(ports[0], 60_000); RawClient follower = new RawClient(ports[1])) {
            assertThat(field(leader.call("INFO", "memory"), "maxmemory")).isEqualTo("0");
            for (int i = 0; i < 50; i++) {
                assertThat(setBig(leader, "k:" + i, i)).isEqualTo("+OK\r\n");
                assertThat(leader.call("RPUSH", "list", Integer.toString(i))).isEqualTo(":" + (i + 1) + "\r\n");
            }
            String digest = sameEverywhere(ports);
            assertThat(digest).isEqualTo(leader.call("DEBUG", "DIGEST"));
            // The follower is past its limit (1 byte): it would refuse the writes it applied, were
            // the decision its own.
            assertThat(Long.parseLong(field(follower.call("INFO", "memory"), "used_memory"))).isGreaterThan(1);
            assertThat(field(follower.call("INFO", "memory"), "maxmemory")).isEqualTo("1");
            assertThat(follower.call("INFO", "keyspace")).contains("db0:keys=52,");
            // A follower with the leader's word: it redirects the write as ever, the limit is not its to apply.
            assertThat(follower.call("SET", "x", "1")).startsWith("-MOVED ");
        }
    }

    private static String field(String info, String name) {
        return InProcessClusterFixture.field(info, name);
    }

    private static String sameEverywhere(int[] ports) throws Exception {
        return InProcessCluster.sameDigestEverywhere(ports);
    }

    private static String setBig(RawClient c, String key, int seed) throws IOException {
        return new String(c.call(List.of(b("SET"), b(key), value(seed))), StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** 1 MB that differs per key, so that no two values could share anything. */
    private static byte[] value(int seed) {
        byte[] v = new byte[VALUE];
        java.util.Arrays.fill(v, (byte) ('a' + seed % 26));
        v[0] = (byte) seed;
        return v;
    }
}
