package io.redraft.store;

import io.redraft.resp.Allocation;
import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.store.rdb.RdbFormatException;
import io.redraft.store.rdb.RdbReader;
import java.io.ByteArrayInputStream;
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

    /** A string of 1 LZF byte that declares 256 MiB once decompressed (C3 01 80 10000000 00). */
    private static final byte[] LZF_BOMB = {(byte) 0xc3, 0x01, (byte) 0x80, 0x10, 0x00, 0x00, 0x00, 0x00};

    @Test
    void anLzfStringLongerThanItsDataCanGiveIsRefusedBeforeAllocating() throws Exception {
        // rdb/RdbReaderFuzzInputs/read/lzf-declared-length: a 29-byte file that allocated the
        // 256 MiB it declares (up to 2 GiB: an OutOfMemoryError in a node receiving it as a
        // snapshot, or on every replica applying it as a RESTORE) before finding the data short.
        byte[] file = new byte[9 + 3 + LZF_BOMB.length + 9];
        System.arraycopy("REDIS0010\u0000\u0001k".getBytes(StandardCharsets.ISO_8859_1), 0, file, 0, 12);
        System.arraycopy(LZF_BOMB, 0, file, 12, LZF_BOMB.length);
        file[12 + LZF_BOMB.length] = (byte) 0xff; // EOF, then a zero CRC
        Allocation.bounded(file.length, 8 << 20, 512, () -> assertThatThrownBy(
                () -> RdbReader.read(new ByteArrayInputStream(file), "bomb.rdb"))
                .isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("corrupt LZF string")
                .hasMessageContaining("1 compressed bytes cannot give 268435456"));
        byte[] body = new byte[1 + LZF_BOMB.length];
        System.arraycopy(LZF_BOMB, 0, body, 1, LZF_BOMB.length); // type 0: a string
        Allocation.bounded(body.length, 8 << 20, 512,
                () -> assertThat(restore(DumpRestoreFuzz.seal(body, 10))).isEqualTo("-ERR Bad data format\r\n"));
    }

    @Test
    void bytesAfterTheValueInAPayloadAreIgnoredAsByRedis() {
        // DumpRestoreFuzzInputs/restore/crash-adfb6b64...: the bytes after the value were read as
        // further records of a one-key file, here an expiry in 1970 and a second key, so RESTORE
        // answered OK and the key did not exist. Redis 7.0 ignores them (checked with redis-server).
        byte[] value = "\u0000\u0003abc".getBytes(StandardCharsets.ISO_8859_1);
        for (String trailing : new String[] {"garbage", "\u00fd\u0001\u0000\u0000\u0000\u0000\u0001x\u0001y"}) {
            byte[] t = trailing.getBytes(StandardCharsets.ISO_8859_1);
            byte[] body = new byte[value.length + t.length];
            System.arraycopy(value, 0, body, 0, value.length);
            System.arraycopy(t, 0, body, value.length, t.length);
            FuzzClient c = new FuzzClient(2);
            assertThat(c.run("RESTORE", "k", "0", DumpRestoreFuzz.seal(body, 10))).as(trailing).isEqualTo("+OK\r\n");
            assertThat(c.run("GET", "k")).isEqualTo("$3\r\nabc\r\n");
            assertThat(c.run("TTL", "k")).isEqualTo(":-1\r\n");
            assertThat(c.run("DBSIZE")).isEqualTo(":1\r\n");
        }
    }
}
