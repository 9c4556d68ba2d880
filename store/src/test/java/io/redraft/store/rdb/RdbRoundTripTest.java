package io.redraft.store.rdb;

import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RdbRoundTripTest {
    static final long NOW = 1_764_000_000_000L;

    static final RaftMetadata META = new RaftMetadata("0123456789abcdef0123456789abcdef", 12_345, 7,
            List.of(new RaftMetadata.Member(1, "10.0.0.1:5001", true), new RaftMetadata.Member(2, "node-2:5002", true),
                    new RaftMetadata.Member(3, "[::1]:5003", false)),
            List.of(1L, 2L, 3L, 9L), "opaque\0sessions".getBytes(StandardCharsets.ISO_8859_1));

    @TempDir
    Path dir;

    static byte[] write(Keyspace ks, RaftMetadata meta) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = RdbWriter.write(ks, meta, NOW, out);
        assertThat(n).isEqualTo(out.size());
        return out.toByteArray();
    }

    /** Every type, with TTLs (some already past: they are state until swept), keeps content, order and digest. */
    @Test
    void randomKeyspacesSurviveWriteAndRead() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Keyspace ks = RandomData.toKeyspace(new RandomData(seed).dataset(120, NOW - 3_600_000, true));
            byte[] file = write(ks, META);
            RdbContents back = RdbReader.read(new ByteArrayInputStream(file), "seed-" + seed);
            KeyspaceView.assertSame(KeyspaceView.of(back.keyspace()), KeyspaceView.of(ks));
            assertThat(back.keyspace().digest()).isEqualTo(ks.digest());
            assertThat(back.keyspace().size()).isEqualTo(ks.size());
            assertThat(back.keyspace().volatileKeys()).isEqualTo(ks.volatileKeys());
            assertThat(back.raft()).isEqualTo(META);
            assertThat(back.version()).isEqualTo(10);
            assertThat(new String(back.aux().get("redis-ver"), StandardCharsets.US_ASCII)).isEqualTo("7.0.15");
            assertThat(new String(back.aux().get("ctime"), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(NOW / 1000));
        }
    }

    /**
     * A whole save probes a long string's first kilobyte before compressing it: random data is
     * stored as it is without LZF reading all of it, compressible data is still compressed, and a
     * string that only compresses after a random first kilobyte is stored plain (DUMP, which
     * matches Redis byte for byte, compresses it). All of them read back intact.
     */
    @Test
    void aSaveStoresLongIncompressibleStringsWithoutCompressingThem() throws Exception {
        java.util.Random r = new java.util.Random(24);
        byte[] random = new byte[16_384];
        r.nextBytes(random);
        byte[] text = "{\"user\":\"someone\",\"score\":12345,\"tags\":[\"a\",\"b\"]} ".repeat(300).getBytes(StandardCharsets.US_ASCII);
        byte[] late = new byte[16_384];
        r.nextBytes(late);
        java.util.Arrays.fill(late, 2048, late.length, (byte) 'x');
        Map<String, byte[]> values = Map.of("random", random, "text", text, "late", late);
        Keyspace ks = new Keyspace();
        values.forEach((k, v) -> ks.put(io.redraft.store.Bytes.of(k), new io.redraft.store.string.StringValue(v)));
        byte[] file = write(ks, null);

        assertThat(file.length).as("random and late stored plain, text compressed")
                .isBetween(random.length + late.length, random.length + late.length + text.length / 4);
        RdbContents back = RdbReader.read(new ByteArrayInputStream(file), "probe");
        values.forEach((k, v) -> assertThat(((io.redraft.store.string.StringValue) back.keyspace()
                .get(io.redraft.store.Bytes.of(k), NOW)).bytes()).as(k).isEqualTo(v));
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        RdbWriter.writeValue(new io.redraft.store.string.StringValue(late), dump);
        assertThat(dump.size()).as("DUMP compresses as Redis does").isLessThan(late.length / 2);
    }

    @Test
    void emptyKeyspaceAndNoMetadata() throws Exception {
        byte[] file = write(new Keyspace(), null);
        RdbContents back = RdbReader.read(new ByteArrayInputStream(file), "empty");
        assertThat(back.keyspace().size()).isZero();
        assertThat(back.raft()).isNull();
        assertThat(new String(file, 0, 9, StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
    }

    @Test
    void metadataWithoutMembersOrSessions() throws Exception {
        RaftMetadata bare = new RaftMetadata("ffffffffffffffffffffffffffffffff", 0, 0, List.of(), List.of(), null);
        RdbContents back = RdbReader.read(new ByteArrayInputStream(write(new Keyspace(), bare)), "bare");
        assertThat(back.raft()).isEqualTo(bare);
    }

    @Test
    void theShardMapTravelsOnlyWhenThereIsOne() throws Exception {
        RaftMetadata sharded = new RaftMetadata(META.dbid(), 5, 2, META.members(), META.usedIds(), null,
                "encoded\nshard map\n".getBytes(StandardCharsets.ISO_8859_1));
        RdbContents back = RdbReader.read(new ByteArrayInputStream(write(new Keyspace(), sharded)), "sharded");
        assertThat(back.raft()).isEqualTo(sharded);
        assertThat(back.aux()).containsKey("redraft-shards");
        RdbContents plain = RdbReader.read(new ByteArrayInputStream(write(new Keyspace(), META)), "plain");
        assertThat(plain.aux()).doesNotContainKey("redraft-shards");
        assertThat(plain.raft().shards()).isEmpty();
    }

    @Test
    void writesThroughAChannel() throws Exception {
        Keyspace ks = RandomData.toKeyspace(new RandomData(99).dataset(50, NOW, false));
        Path file = dir.resolve("chan.rdb");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long n = RdbWriter.write(ks, META, NOW, ch);
            assertThat(ch.isOpen()).isTrue();
            assertThat(n).isEqualTo(ch.size());
        }
        RdbContents back = RdbReader.read(file);
        assertThat(back.keyspace().digest()).isEqualTo(ks.digest());
        assertThat(Files.readAllBytes(file)).isEqualTo(write(ks, META));
    }

    /** Integer-looking strings are stored int-encoded only when that reads back byte-identical. */
    @Test
    void integerEncodingOnlyForCanonicalText() throws Exception {
        assertThat(RdbOutput.canonicalInt("-0".getBytes())).isNull();
        assertThat(RdbOutput.canonicalInt("007".getBytes())).isNull();
        assertThat(RdbOutput.canonicalInt("+5".getBytes())).isNull();
        assertThat(RdbOutput.canonicalInt("-".getBytes())).isNull();
        assertThat(RdbOutput.canonicalInt("-2147483648".getBytes())).isEqualTo(-2147483648L);
        assertThat(RdbOutput.canonicalInt("0".getBytes())).isZero();
    }

    /** Debian's redis-check-rdb (Redis 7.0) accepts what we write. */
    @Test
    void redisCheckRdbAccepts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(RedisServer.CHECK)), "redis-check-rdb not installed");
        Keyspace ks = RandomData.toKeyspace(new RandomData(5).dataset(200, NOW - 3_600_000, true));
        Path file = dir.resolve("our.rdb");
        Files.write(file, write(ks, META));
        Process p = new ProcessBuilder(RedisServer.CHECK, file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("RDB looks OK").contains("redraft-dbid");
    }

    @Test
    void expiryIsAbsoluteMilliseconds() throws Exception {
        Keyspace ks = RandomData.toKeyspace(Map.of("k", new KeyspaceView.Val("string", NOW + 1234, List.of("v"))));
        RdbContents back = RdbReader.read(new ByteArrayInputStream(write(ks, null)), "ttl");
        RedisObject v = back.keyspace().get(io.redraft.store.Bytes.of("k"), NOW);
        assertThat(v.expireAt()).isEqualTo(NOW + 1234);
        assertThat(back.keyspace().get(io.redraft.store.Bytes.of("k"), NOW + 1234)).isNull();
    }
    /** Repetitive values go LZF-compressed (as Redis's rdbcompression yes) and read back intact. */
    @Test
    void repetitiveValuesAreCompressed() throws Exception {
        String big = "0123456789abcdef".repeat(1024);
        Keyspace ks = RandomData.toKeyspace(Map.of("k", new KeyspaceView.Val("list", -1, List.of(big, big + "x", "short"))));
        byte[] file = write(ks, null);
        assertThat(file.length).isLessThan(big.length() / 4);
        assertThat(KeyspaceView.of(RdbReader.read(new ByteArrayInputStream(file), "lzf").keyspace()).get("k").content())
                .containsExactly(big, big + "x", "short");
    }
}
