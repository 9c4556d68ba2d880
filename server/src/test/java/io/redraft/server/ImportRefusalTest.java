package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.store.rdb.Crc64;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RAFT.CLUSTER INIT on a dump that is not a whole RDB (truncated, or crafted with a valid CRC and
 * a length that claims gigabytes) is refused with the reason, leaves the node uninitialized and
 * serving, and a later INIT without the file works.
 */
class ImportRefusalTest extends InProcessClusterFixture {
    private static byte[] sealed(byte[] body) {
        byte[] out = Arrays.copyOf(body, body.length + 8);
        long crc = Crc64.of(body);
        for (int i = 0; i < 8; i++) out[body.length + i] = (byte) (crc >>> (8 * i));
        return out;
    }

    private static byte[] craftedHugeString() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("REDIS0010".getBytes(StandardCharsets.US_ASCII));
        b.write(0xFE); // SELECTDB 0
        b.write(0);
        b.write(0); // a string
        b.write(1);
        b.write('k');
        b.write(0x81); // 64-bit length follows: 2^40 bytes
        b.writeBytes(new byte[] {0, 0, 0, 1, 0, 0, 0, 0});
        b.writeBytes("tiny".getBytes(StandardCharsets.US_ASCII));
        b.write(0xFF);
        return sealed(b.toByteArray());
    }

    private static byte[] truncated() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("REDIS0010".getBytes(StandardCharsets.US_ASCII));
        b.write(0xFE);
        b.write(0);
        b.write(0);
        b.write(1);
        b.write('k');
        b.write(5);
        b.writeBytes("val".getBytes(StandardCharsets.US_ASCII)); // two bytes short, no EOF, no CRC
        return b.toByteArray();
    }

    @Test
    void aDumpThatIsNotAWholeRdbIsRefusedAndTheNodeStaysUsable() throws Exception {
        int port = freePort();
        Path n1 = Files.createDirectories(dir.resolve("n1"));
        cluster.start("n1", port);
        try (RawClient c = new RawClient(port)) {
            for (byte[] bad : new byte[][] {truncated(), craftedHugeString()}) {
                Files.write(n1.resolve("dump.rdb"), bad);
                String reply = c.call("RAFT.CLUSTER", "INIT");
                assertThat(reply).startsWith("-ERR cannot import the dataset: ").contains("dump.rdb");
                assertThat(field(c.call("INFO", "raft"), "raft_state")).isEqualTo("uninitialized");
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            }
            Files.delete(n1.resolve("dump.rdb"));
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK ");
            await(() -> c.call("SET", "k", "v"), r -> r.equals("+OK\r\n"));
        }
    }
}
