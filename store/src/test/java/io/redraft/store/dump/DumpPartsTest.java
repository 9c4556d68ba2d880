package io.redraft.store.dump;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.Bytes;
import io.redraft.store.ExecContext;
import io.redraft.store.RedisObject;
import io.redraft.store.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The parts a big key moves in (issue #16), put end to end, are DUMP's payload byte for byte, CRC
 * footer included, for every type and for part sizes that do and do not divide the payload.
 */
class DumpPartsTest {
    private static final long NOW = 1_700_000_000_000L;
    private final Store store = new Store();
    private final SplittableRandom rnd = new SplittableRandom(7);

    private void run(String... args) {
        List<byte[]> argv = new ArrayList<>();
        for (String a : args) argv.add(a.getBytes(StandardCharsets.UTF_8));
        run(argv);
    }

    private void run(List<byte[]> argv) {
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(NOW, 1, 2), new RespWriter(out, 2));
        assertThat(out.toString()).doesNotStartWith("-");
    }

    private RedisObject value(String key) {
        return store.keyspace().peek(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), NOW);
    }

    private String member(int i) {
        return "m" + i + "-" + Long.toHexString(rnd.nextLong()) + (i % 7 == 0 ? "x".repeat(40) : "");
    }

    /** A value of each type, each well past its compact encoding and past many parts. */
    private List<String> bigValues(int n) {
        for (int at = 0; at < n; at += 500) {
            List<String> list = new ArrayList<>(List.of("RPUSH", "list"));
            List<String> set = new ArrayList<>(List.of("SADD", "set"));
            List<String> hash = new ArrayList<>(List.of("HSET", "hash"));
            List<String> zset = new ArrayList<>(List.of("ZADD", "zset"));
            for (int i = at; i < Math.min(n, at + 500); i++) {
                list.add(member(i));
                set.add(i % 3 == 0 ? Integer.toString(i) : member(i));
                hash.add(member(i));
                hash.add(i % 2 == 0 ? Integer.toString(i) : member(i));
                zset.add(i % 5 == 0 ? "1.5" : Double.toString(rnd.nextDouble() * 1000));
                zset.add(member(i));
                run("XADD", "stream", "*", "f", member(i), "g", Integer.toString(i));
            }
            for (List<String> c : List.of(list, set, hash, zset)) run(c.toArray(new String[0]));
        }
        run("XGROUP", "CREATE", "stream", "g1", "0");
        run("XREADGROUP", "GROUP", "g1", "c1", "COUNT", "100", "STREAMS", "stream", ">");
        byte[] random = new byte[300_000];
        rnd.nextBytes(random);
        run(List.of("SET".getBytes(), "random".getBytes(), random));
        run("SET", "repeated", "abcdefgh".repeat(40_000) + "tail");
        run("SET", "text", String.join(" ", java.util.stream.IntStream.range(0, 30_000).mapToObj(this::member).toList()));
        return List.of("list", "set", "hash", "zset", "stream", "random", "repeated", "text");
    }

    private static byte[] joined(DumpParts parts, int partSize) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] part;
        int count = 0;
        while ((part = parts.next()) != null) {
            count++;
            if (!parts.done()) assertThat(part).as("part %d is a full part", count).hasSize(partSize);
            else assertThat(part.length).isBetween(1, partSize);
            all.writeBytes(part);
        }
        assertThat(parts.done()).isTrue();
        return all.toByteArray();
    }

    @Test
    void partsPutTogetherAreDumpsPayloadForEveryType() {
        for (String key : bigValues(20_000)) {
            RedisObject v = value(key);
            byte[] dump = DumpCommands.payload(Bytes.wrap(key.getBytes()), v);
            assertThat(dump.length).as(key).isGreaterThan(key.equals("repeated") ? 3000 : 100_000);
            for (int partSize : new int[] {1000, 65_536 + 3, dump.length - 1, dump.length, dump.length / 2}) {
                try (DumpParts parts = DumpParts.of(Bytes.wrap(key.getBytes()), v, partSize)) {
                    assertThat(joined(parts, partSize)).as("%s in parts of %d", key, partSize).isEqualTo(dump);
                }
            }
        }
    }

    @Test
    void smallValuesComeWholeInOnePart() {
        run("SET", "s", "v");
        run("RPUSH", "l", "a", "b");
        run("HSET", "h", "f", "v");
        run("XADD", "x", "1-1", "f", "v"); // a stream's size is not known ahead: it goes through the parts writer
        for (String key : List.of("s", "l", "h", "x")) {
            byte[] dump = DumpCommands.payload(Bytes.wrap(key.getBytes()), value(key));
            try (DumpParts parts = DumpParts.of(Bytes.wrap(key.getBytes()), value(key), 1 << 20)) {
                assertThat(parts.next()).isEqualTo(dump);
                assertThat(parts.done()).isTrue();
                assertThat(parts.next()).isNull();
            }
        }
    }

    @Test
    void closingBeforeTheLastPartEndsTheWriter() throws Exception {
        bigValues(5_000);
        int before = Thread.getAllStackTraces().size();
        for (int i = 0; i < 200; i++) {
            try (DumpParts parts = DumpParts.of(Bytes.wrap("zset".getBytes()), value("zset"), 1024)) {
                assertThat(parts.next()).hasSize(1024);
            }
            DumpParts never = DumpParts.of(Bytes.wrap("stream".getBytes()), value("stream"), 1024);
            never.close();
        }
        // Nothing to assert on virtual threads' count directly; what must hold is that close returned
        // at once each time (the test would time out otherwise) and platform threads did not grow.
        assertThat(Thread.getAllStackTraces().size()).isLessThanOrEqualTo(before + 2);
    }

    @Test
    void theStreamingLzfGivesTheOneShotBytes() throws Exception {
        for (int n : new int[] {21, 100, 65_536, 65_600, 200_000, 1_000_003}) {
            for (int kind = 0; kind < 3; kind++) {
                byte[] in = new byte[n];
                if (kind == 0) rnd.nextBytes(in);
                for (int i = 0; i < n; i++) {
                    if (kind == 1) in[i] = (byte) "abcabcabd".charAt(i % 9);
                    if (kind == 2) in[i] = (byte) (rnd.nextInt(100) < 70 ? 'a' + (i / 50) % 26 : rnd.nextInt(256));
                }
                byte[] oneShot = io.redraft.store.rdb.Lzf.compress(in, n - 4);
                int count = LzfStream.count(in, n - 4);
                if (oneShot == null) {
                    assertThat(count).isEqualTo(-1);
                    continue;
                }
                assertThat(count).isEqualTo(oneShot.length);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                LzfStream.write(in, n - 4, out);
                assertThat(out.toByteArray()).as("n=%d kind=%d", n, kind).isEqualTo(oneShot);
            }
        }
    }
}
