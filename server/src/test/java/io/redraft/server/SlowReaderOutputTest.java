package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client pipelines GETs of large values and does not read: the node renders their replies only
 * as the connection's unsent output drains (OutputGate), so what it holds for that client stays
 * near the bound instead of every reply at once, it goes on serving others meanwhile, and the
 * client then reads every reply, in order. With quorum reads the replies wait as confirmed reads;
 * without, the GETs themselves wait before they run.
 */
class SlowReaderOutputTest extends InProcessClusterFixture {
    private static final int VALUES = 32;
    private static final int SIZE = 1 << 20;
    /** Four times less than the replies together: the bound (4 MB) plus one reply plus slack. */
    private static final long HELD_AT_MOST = 8L << 20;

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void largeRepliesWaitForASlowReaderWhileOthersAreServed(String quorumReads) throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient other = new RawClient(port, 30_000); Socket slow = new Socket()) {
            assertThat(other.call("CONFIG", "SET", "raft.quorum-reads", quorumReads)).isEqualTo("+OK\r\n");
            for (int i = 0; i < VALUES; i++) assertThat(other.call("SET", "big:" + i, value(i))).isEqualTo("+OK\r\n");
            slow.setReceiveBufferSize(16 * 1024);
            slow.connect(new InetSocketAddress("127.0.0.1", port));
            slow.setSoTimeout(30_000);
            StringBuilder pipeline = new StringBuilder(RawClient.command("CLIENT", "SETNAME", "slow"));
            for (int i = 0; i < VALUES; i++) pipeline.append(RawClient.command("GET", "big:" + i));
            slow.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));

            // Once the node has begun answering it, its unsent replies stay near the bound while
            // others are served, turn after turn; rendered at once they would be all 32 MB.
            await(() -> Long.toString(omem(other)), n -> Long.parseLong(n) > SIZE);
            long held = 0;
            for (int i = 0; i < 50; i++) {
                assertThat(other.call("GET", "big:" + i % VALUES)).isEqualTo("$" + SIZE + "\r\n" + value(i % VALUES) + "\r\n");
                held = Math.max(held, omem(other));
            }
            assertThat(held).as("bytes held unsent for the slow client").isBetween((long) SIZE, HELD_AT_MOST);

            InputStream in = slow.getInputStream();
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            byte[] header = ("$" + SIZE + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < VALUES; i++) {
                assertThat(in.readNBytes(header.length)).as("reply %d", i).isEqualTo(header);
                assertThat(new String(in.readNBytes(SIZE + 2), StandardCharsets.US_ASCII)).as("reply %d", i)
                        .isEqualTo(value(i) + "\r\n");
            }
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    private static String value(int i) {
        return String.valueOf((char) ('a' + i % 26)).repeat(SIZE);
    }

    /** The unsent output of the client named slow, as CLIENT LIST shows it. */
    private static long omem(RawClient c) throws Exception {
        for (String line : c.call("CLIENT", "LIST").split("\n")) {
            if (!line.contains(" name=slow ")) continue;
            for (String field : line.split(" ")) if (field.startsWith("omem=")) return Long.parseLong(field.substring(5));
        }
        return 0;
    }
}
