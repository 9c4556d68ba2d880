package io.redraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the store-level fuzz targets ({@link DumpRestoreFuzz}, {@link HllFuzz}, rdb's
 * {@code RdbReaderFuzz}) found, one test per finding with the crashing input, answered as Redis 7
 * answers it (checked against redis-server by hand). The inputs also stay in the targets' corpora.
 */
class FuzzFindingsTest {
    private static String restore(byte[] payload) {
        FuzzClient c = new FuzzClient(2);
        return c.run("RESTORE", "k", "0", payload);
    }

    @Test
    void aPayloadOfOnlyVersionAndCrcIsBadData() {
        // DumpRestoreFuzzInputs/restore/crash-a2927afd...: 10 bytes, no type byte; this threw
        // IndexOutOfBoundsException (an internal error) when the value was cut out of it.
        assertThat(restore(DumpRestoreFuzz.seal(new byte[0], 10))).isEqualTo("-ERR Bad data format\r\n");
        assertThat(restore(DumpRestoreFuzz.seal("\u0000\u0003abc".getBytes(StandardCharsets.ISO_8859_1), 10)))
                .isEqualTo("+OK\r\n");
    }
}
