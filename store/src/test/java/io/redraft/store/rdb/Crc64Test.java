package io.redraft.store.rdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64Test {
    @Test
    void matchesRedisTestVector() {
        assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void emptyInputIsZero() {
        assertThat(Crc64.of(new byte[0])).isZero();
    }

    /** The slicing-by-8 path must agree with the bytewise one at every length and split. */
    @Test
    void slicedAndBytewiseAgree() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 0; n < 300; n++) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            Crc64 bytewise = new Crc64();
            for (byte x : b) {
                bytewise.update(x);
            }
            int split = n == 0 ? 0 : rnd.nextInt(n + 1);
            Crc64 sliced = new Crc64();
            sliced.update(b, 0, split);
            sliced.update(b, split, n - split);
            assertThat(sliced.value()).as("length %d split %d", n, split).isEqualTo(bytewise.value());
        }
    }
}
