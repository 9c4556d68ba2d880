package io.redraft.store.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LzfTest {
    @Test
    void compressThenDecompressIsIdentity() {
        SplittableRandom rnd = new SplittableRandom(42);
        Lzf.Compressor shared = new Lzf.Compressor(); // stale table entries must never be used
        for (int trial = 0; trial < 500; trial++) {
            int n = rnd.nextInt(trial < 400 ? 300 : 100_000);
            int alphabet = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 256);
            byte[] in = new byte[n];
            for (int i = 0; i < n; i++) {
                // runs, repeats at distances near the 8 KB window, and noise
                in[i] = i > 9000 && rnd.nextInt(3) == 0 ? in[i - 8191 - rnd.nextInt(3)] : (byte) rnd.nextInt(alphabet);
            }
            byte[] c = trial % 2 == 0 ? shared.compress(in, n + n / 16 + 64) : Lzf.compress(in, n + n / 16 + 64);
            assertThat(c).as("trial %d", trial).isNotNull();
            assertThat(Lzf.decompress(c, n)).as("trial %d", trial).isEqualTo(in);
        }
    }

    @Test
    void repetitiveTextShrinksAndIncompressibleDataGivesUp() {
        byte[] text = "redraft ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] c = Lzf.compress(text, text.length - 4);
        assertThat(c.length).isLessThan(text.length / 20);
        byte[] noise = new byte[1000];
        new SplittableRandom(1).nextBytes(noise);
        assertThat(Lzf.compress(noise, noise.length - 4)).isNull();
    }

    /** DUMP payloads and saved strings must equal redis-server's bytes (taken from DUMP of this value). */
    @Test
    void compressesToTheBytesRedisWrites() {
        byte[] in = "redraft redraft redraft redraft abcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] redis = HexFormat.of().parseHex("087265647261667420" + "72e00e0702616263a002016263");
        assertThat(Lzf.compress(in, in.length - 4)).isEqualTo(redis);
    }

    /** A save reuses one table; what earlier strings left in it must not change a later string's bytes. */
    @Test
    void aSharedCompressorWritesWhatAFreshOneWrites() {
        SplittableRandom rnd = new SplittableRandom(7);
        Lzf.Compressor shared = new Lzf.Compressor();
        for (int trial = 0; trial < 300; trial++) {
            byte[] in = new byte[rnd.nextInt(1, 5000)];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) ('a' + rnd.nextInt(3));
            }
            assertThat(shared.compress(in, in.length)).as("trial %d", trial).isEqualTo(Lzf.compress(in, in.length));
        }
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {(byte) 0x20, 0}, 3)).hasMessageContaining("before the start");
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {3, 'a'}, 4)).hasMessageContaining("past the compressed data");
        assertThatThrownBy(() -> Lzf.decompress(new byte[] {0, 'a'}, 2)).hasMessageContaining("gave 1 bytes, declared 2");
    }
}
