package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * client-output-buffer-limit for normal clients: a client that does not read its replies is
 * closed once they pass the limit, as in Redis, and the node goes on serving everyone else.
 */
class OutputBufferLimitTest {
    @RegisterExtension
    static final StandaloneNode node = new StandaloneNode();

    /** 20 MB of replies: far more than the kernel's socket buffers on both sides can hold. */
    private static final int PINGS = 20_000;
    private static final byte[] FLOOD = RawClient.command("PING", "x".repeat(1000)).repeat(PINGS)
            .getBytes(StandardCharsets.US_ASCII);

    @AfterEach
    void unlimited() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void configSetAndGetSpeakRedisSyntax() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 512kb 10")).isEqualTo("+OK\r\n");
            assertThat(c.call("CONFIG", "GET", "client-output-buffer-limit")).isEqualTo(
                    "*2\r\n$26\r\nclient-output-buffer-limit\r\n$79\r\n"
                            + "normal 1048576 524288 10 slave 268435456 67108864 60 pubsub 33554432 8388608 60\r\n");
        }
    }

    /** Over the hard limit at once, or over the soft limit for longer than its seconds: closed, others served. */
    @ParameterizedTest
    @ValueSource(strings = {"normal 1mb 0 0", "normal 0 256kb 1"})
    void aClientOverTheLimitIsClosedAndOthersAreServed(String limit) throws Exception {
        try (RawClient other = new RawClient(node.port())) {
            long before = disconnections(other);
            assertThat(other.call("CONFIG", "SET", "client-output-buffer-limit", limit)).isEqualTo("+OK\r\n");
            floodWithoutReading(other, before);
            assertThat(disconnections(other)).isEqualTo(before + 1);
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void withoutALimitUnreadRepliesAreKeptUntilRead() throws Exception {
        try (Socket s = new Socket("127.0.0.1", node.port()); RawClient other = new RawClient(node.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(FLOOD);
            // Every request was taken although no reply was read: the rest wait in the buffer.
            await(() -> other.call("CLIENT", "LIST"), list -> omemOfOthers(list) > 1024 * 1024);
            InputStream in = s.getInputStream();
            byte[] one = "$1000\r\n".concat("x".repeat(1000)).concat("\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < PINGS; i++) assertThat(in.readNBytes(one.length)).isEqualTo(one);
            assertThat(other.call("INFO", "stats")).contains("client_output_buffer_limit_disconnections:0\r\n");
        }
    }

    /**
     * Sends {@link #FLOOD} without reading a reply, then waits until the node has closed the
     * connection for its output buffer ({@code before}: the disconnections counted until then).
     */
    private static void floodWithoutReading(RawClient other, long before) throws Exception {
        try (Socket s = new Socket("127.0.0.1", node.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(FLOOD);
                } catch (IOException closedByTheServer) {
                    // expected once the node has had enough
                }
            });
            // The node counts the flooding client's disconnection (looking at CLIENT LIST alone, a
            // first look under load may come before its connection is even registered), then only
            // the observer is left.
            await(() -> Long.toString(disconnections(other)), n -> Long.parseLong(n) > before);
            await(() -> other.call("CLIENT", "LIST"), list -> list.split(" addr=").length == 2);
            writer.get(30, TimeUnit.SECONDS);
            // What the kernel held may still arrive, then the end of the stream (or a reset).
            InputStream in = s.getInputStream();
            try {
                while (in.read(new byte[1 << 16]) >= 0) { }
            } catch (IOException reset) {
                // also a close
            }
        }
    }

    private static long disconnections(RawClient c) throws Exception {
        return Long.parseLong(InProcessClusterFixture.field(c.call("INFO", "stats"), "client_output_buffer_limit_disconnections"));
    }

    /** The largest omem in a CLIENT LIST reply. */
    private static long omemOfOthers(String list) {
        long max = 0;
        for (String field : list.split("[ \n]")) {
            if (field.startsWith("omem=")) max = Math.max(max, Long.parseLong(field.substring(5)));
        }
        return max;
    }
}
