package io.redraft.store.rdb;

import io.redraft.store.Keyspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RdbCorruptionTest {
    @TempDir
    Path dir;

    private static byte[] sample() throws Exception {
        Keyspace ks = RandomData.toKeyspace(new RandomData(3).dataset(25, RdbRoundTripTest.NOW, false));
        return RdbRoundTripTest.write(ks, RdbRoundTripTest.META);
    }

    /** A value byte flipped: the structure still parses, the CRC64 trailer catches it. */
    @Test
    void flippedValueByteIsACrcError() throws Exception {
        Keyspace ks = RandomData.toKeyspace(Map.of("key", new KeyspaceView.Val("string", -1, List.of("a-long-plain-value"))));
        byte[] file = RdbRoundTripTest.write(ks, null);
        int at = indexOf(file, "a-long-plain-value".getBytes(StandardCharsets.US_ASCII)) + 3;
        file[at] ^= 0x01;
        Path p = dir.resolve("flipped.rdb");
        Files.write(p, file);
        RdbFormatException e = catchThrowableOfType(RdbFormatException.class, () -> RdbReader.read(p));
        assertThat(e.getMessage()).contains(p.toString()).contains("CRC64 mismatch");
        assertThat(e.offset()).isEqualTo(file.length - 8);
        assertThat(e.source()).isEqualTo(p.toString());
        // Same through a stream.
        assertThatThrownBy(() -> RdbReader.read(new ByteArrayInputStream(file), "stream"))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("stream: at offset").hasMessageContaining("CRC64 mismatch");
    }

    /** Wherever a byte is flipped, loading fails (never a silently different keyspace). */
    @Test
    void anyFlippedByteIsRejected() throws Exception {
        byte[] good = sample();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 100; trial++) {
            byte[] bad = good.clone();
            int at = rnd.nextInt(bad.length);
            bad[at] ^= (byte) (1 + rnd.nextInt(255));
            Path p = dir.resolve("bad-" + trial + ".rdb");
            Files.write(p, bad);
            assertThatThrownBy(() -> RdbReader.read(p)).as("byte %d flipped", at)
                    .isInstanceOf(RdbFormatException.class)
                    .hasMessageStartingWith(p + ": at offset ")
                    .hasMessageContaining("CRC64");
            Files.delete(p);
        }
    }

    @Test
    void truncatedFileSaysSo() throws Exception {
        byte[] good = sample();
        for (int len : new int[] {0, 5, 9, 30, good.length / 2, good.length - 9, good.length - 1}) {
            Path p = dir.resolve("short-" + len + ".rdb");
            Files.write(p, Arrays.copyOf(good, len));
            RdbFormatException e = catchThrowableOfType(RdbFormatException.class, () -> RdbReader.read(p));
            assertThat(e).as("cut at %d", len).isNotNull();
            assertThat(e.getMessage()).as("cut at %d", len).contains(p.toString()).contains("unexpected end of file");
            assertThat(e.offset()).isEqualTo(len);
        }
    }

    @Test
    void notAnRdbFile() {
        assertThatThrownBy(() -> RdbReader.read(new ByteArrayInputStream("RDRFTKS1xxxxxxxx".getBytes()), "x.rdb"))
                .isInstanceOf(RdbFormatException.class).hasMessage("x.rdb: at offset 0: not an RDB file (no REDIS magic)");
        assertThatThrownBy(() -> RdbReader.read(new ByteArrayInputStream("REDIS0099".getBytes()), "x.rdb"))
                .hasMessageContaining("RDB version 99 is not supported");
    }

    /** Redis files saved with rdbchecksum no carry a zero trailer, which Redis accepts. */
    @Test
    void zeroTrailerMeansNoChecksum() throws Exception {
        byte[] file = sample();
        Arrays.fill(file, file.length - 8, file.length, (byte) 0);
        assertThat(RdbReader.read(new ByteArrayInputStream(file), "nocrc").keyspace().size()).isPositive();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
