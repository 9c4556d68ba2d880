package io.redraft.store.rdb;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged stream values in RDB files (a snapshot from a faulty peer, a corrupt import): every
 * mutation of a file holding streams, groups and PELs either loads or fails with
 * {@link RdbFormatException}, never another exception; what loads writes back to the same data.
 * The file's CRC is zeroed ("saved without checksum") so mutations reach the stream decoder.
 * The same file (written once) seeds the coverage-guided {@code RdbReaderFuzz} corpus
 * ({@code RdbReaderFuzzInputs/read/streams}).
 */
class StreamRdbDamageTest {
    static byte[] streamsFile() throws Exception {
        Store s = new Store();
        String[] script = {
            "XADD s 1-0 f 1 g abc", "XADD s 2-0 f 2 g xyz", "XADD s 3-5 h 300 i -4", "XADD s 4-0 f 7 g 8",
            "XDEL s 2-0", "XGROUP CREATE s g 0", "XREADGROUP GROUP g alice COUNT 2 STREAMS s >",
            "XGROUP CREATECONSUMER s g bob", "XGROUP CREATE e g $ MKSTREAM"};
        for (String line : script) {
            ByteArrayOutput out = new ByteArrayOutput();
            s.execute(Arrays.stream(line.split(" ")).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList(),
                    new ExecContext(1_700_000_000_000L, 1, 2), new RespWriter(out, 2));
            assertThat(out.toString()).as(line).doesNotStartWith("-");
        }
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        RdbWriter.write(s.keyspace(), null, 0, rdb);
        byte[] file = rdb.toByteArray();
        Arrays.fill(file, file.length - 8, file.length, (byte) 0);
        return file;
    }

    @Test
    void damagedStreamsFailCleanly() throws Exception {
        byte[] file = streamsFile();
        assertThat(RdbReader.read(new ByteArrayInputStream(file), "intact").keyspace().size()).isEqualTo(2);
        SplittableRandom r = new SplittableRandom(7);
        int loaded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] f = file.clone();
            for (int k = r.nextInt(1, 4); k > 0; k--) {
                int at = r.nextInt(9, f.length - 9); // keep the magic and the (zero) trailer
                f[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : f[at] ^ (1 << r.nextInt(8)));
            }
            RdbContents c;
            try {
                c = RdbReader.read(new ByteArrayInputStream(f), "damaged");
            } catch (RdbFormatException expected) {
                continue;
            }
            loaded++;
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            RdbWriter.write(c.keyspace(), c.raft(), 0, again);
            assertThat(RdbReader.read(new ByteArrayInputStream(again.toByteArray()), "rewritten").keyspace().digest())
                    .isEqualTo(c.keyspace().digest());
        }
        assertThat(loaded).isPositive(); // some damage lands in values and still parses
    }
}
