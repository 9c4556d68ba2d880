package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.ShardKeys.keyIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 50 MB sorted set and a 50 MB string move between two groups (issue #16) from a source node
 * whose heap could not hold another copy of either (loaded, it holds about 280 MB after a full
 * collection, the sorted set 170-220 MB of it, under a 450 MB limit): the source makes each key's DUMP payload part
 * by part as it sends it, so it needs a few parts of room, not the payload and the copies that
 * built it (before, DUMP of the sorted set copied the whole value, then the payload three times).
 * The source's heap after loading, measured after a full collection, is printed with its limit.
 * Both keys arrive intact: DEBUG DIGEST-VALUE at the target equals the source's.
 */
class BigKeyHeapTest extends ChildProcessFixture {
    private static final int VALUE_BYTES = 50 << 20;
    /** Room above the loaded source's live heap: less than one more copy of either value. */
    private static final String SOURCE_HEAP = System.getProperty("redraft.bigkey.sourceheap", "-Xmx450m");

    private Process node(String name, String heap, int port, String slots) throws Exception {
        Path data = Files.createDirectories(dir.resolve(name));
        return ChildNode.start(processes, heap, port, dir.resolve(name + ".log"), "--dir", data.toString(),
                "--raft.log-fsync", "no", "--raft.sharding", "yes", "--raft.slot-config", slots);
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1).trim();
        }
        throw new AssertionError(name + " not in " + info);
    }

    @Test
    void fiftyMegabyteKeysMoveFromASourceThatCannotHoldTheirPayloadTwice() throws Exception {
        int pa = freePort();
        int pb = freePort();
        Process source = node("a", SOURCE_HEAP, pa, "0:8191");
        node("b", "-Xmx1500m", pb, "8192:16383");
        String zset = keyIn(100, "zset");
        String string = keyIn(100, "string");
        try (RawClient ca = new RawClient(pa, 120_000); RawClient cb = new RawClient(pb, 120_000)) {
            for (RawClient c : List.of(ca, cb)) {
                assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
                await(() -> c.call("DBSIZE"), r -> r.startsWith(":"));
            }
            String idA = field(ca.call("INFO", "raft"), "raft_dbid");
            String idB = field(cb.call("INFO", "raft"), "raft_dbid");
            SplittableRandom rnd = new SplittableRandom(16);
            byte[] random = new byte[VALUE_BYTES];
            rnd.nextBytes(random); // incompressible: the payload is as big as the value
            assertThat(ca.call(List.of("SET".getBytes(), string.getBytes(), random))).isEqualTo("+OK\r\n".getBytes());
            random = null;
            // A few ZADDs in flight at a time: the source's heap has no room for the whole load queued.
            int per = 2000;
            int members = VALUE_BYTES / 100 / per * per;
            int window = 8;
            int sent = 0;
            int answered = 0;
            while (answered < members / per) {
                while (sent < members / per && sent - answered < window) {
                    List<byte[]> argv = new ArrayList<>(List.of("ZADD".getBytes(), zset.getBytes()));
                    for (int i = sent * per; i < (sent + 1) * per; i++) {
                        argv.add(Double.toString(rnd.nextDouble()).getBytes(StandardCharsets.US_ASCII));
                        argv.add(String.format("%08d-%090x", i, rnd.nextLong()).getBytes(StandardCharsets.US_ASCII));
                    }
                    ca.queue(argv);
                    sent++;
                }
                assertThat(ca.readReply()).startsWith(":");
                answered++;
            }
            String zsetDigest = ca.call("DEBUG", "DIGEST-VALUE", zset);
            String stringDigest = ca.call("DEBUG", "DIGEST-VALUE", string);
            // Not DUMP here: the DUMP command builds the whole payload, which this heap has no room for.
            long payload = (long) members * (8 + 1 + 90 + 1 + 8); // length byte, member, binary score
            Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
            new ProcessBuilder(jcmd.toString(), Long.toString(source.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            System.out.printf("source heap limit %s, used after loading and a full GC %d MB, zset payload %d MB%n",
                    SOURCE_HEAP, Long.parseLong(field(ca.call("INFO", "memory"), "used_memory")) >> 20, payload >> 20);

            TwoShardGroupsFixture.markSlot100Moving(idA, pa, idB, pb);

            for (String key : List.of(zset, string)) {
                assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "60000", "KEYS", key))
                        .as("MIGRATE %s", key).isEqualTo("+OK\r\n");
            }
            assertThat(source.isAlive()).isTrue();
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":0\r\n");
            cb.call("ASKING");
            assertThat(cb.call("DEBUG", "DIGEST-VALUE", zset)).isEqualTo(zsetDigest);
            cb.call("ASKING");
            assertThat(cb.call("DEBUG", "DIGEST-VALUE", string)).isEqualTo(stringDigest);
            cb.call("ASKING");
            assertThat(cb.call("ZCARD", zset)).isEqualTo(":" + members + "\r\n");
        }
    }
}
