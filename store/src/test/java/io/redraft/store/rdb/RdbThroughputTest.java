package io.redraft.store.rdb;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.hash.HashValue;
import io.redraft.store.string.StringValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Save/load speed on 1M small keys; run with -Dredraft.rdb.bench=true (prints figures). */
class RdbThroughputTest {
    @Test
    void oneMillionKeys() throws Exception {
        assumeTrue(Boolean.getBoolean("redraft.rdb.bench"), "set -Dredraft.rdb.bench=true");
        long b0 = System.nanoTime();
        Keyspace ks = new Keyspace();
        for (int i = 0; i < 1_000_000; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            if (i % 10 == 0) {
                HashValue h = new HashValue();
                for (int f = 0; f < 10; f++) {
                    h.put(Bytes.of("field" + f), ("value-" + i + "-" + f).getBytes(StandardCharsets.US_ASCII));
                }
                ks.put(Bytes.wrap(key), h);
            } else {
                ks.put(Bytes.wrap(key), new StringValue(("value-" + i + "-xxxxxxxxxxxxxxxx").getBytes(StandardCharsets.US_ASCII)));
            }
        }
        System.out.printf("building the keyspace directly: %d ms%n", (System.nanoTime() - b0) / 1_000_000);
        for (int round = 0; round < 3; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
            long t0 = System.nanoTime();
            RdbWriter.write(ks, null, 0, out);
            long t1 = System.nanoTime();
            RdbContents back = RdbReader.read(new ByteArrayInputStream(out.toByteArray()), "bench");
            long t2 = System.nanoTime();
            assertThat(back.keyspace().size()).isEqualTo(ks.size());
            System.out.printf("RDB 1M keys, %d MB: write %d ms (%.0f MB/s), read %d ms (%.0f MB/s)%n", out.size() >> 20,
                    (t1 - t0) / 1_000_000, out.size() / 1e6 / ((t1 - t0) / 1e9), (t2 - t1) / 1_000_000,
                    out.size() / 1e6 / ((t2 - t1) / 1e9));
        }
    }
}
