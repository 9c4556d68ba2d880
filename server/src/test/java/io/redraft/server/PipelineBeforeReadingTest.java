package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A client that writes its whole pipeline before it reads the first reply, as Jedis pipelines,
 * naive batch loaders and Redis's own pipelining tests do: the node must take every request while
 * the replies wait unread, and then deliver them all, in order.
 */
class PipelineBeforeReadingTest extends InProcessClusterFixture {
    /** SET+GET pairs: a million commands, each GET reading the SET just before it. */
    private static final int PAIRS = 500_000;

    @Test
    void aMillionCommandsBeforeTheFirstReadOnOneNode() throws Exception {
        writeAllThenRead(cluster.form(1)[0]);
    }

    @Test
    void aMillionCommandsBeforeTheFirstReadOnThreeNodes() throws Exception {
        writeAllThenRead(cluster.form(3)[0]);
    }

    private static void writeAllThenRead(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port); RawClient other = new RawClient(port)) {
            socket.setSoTimeout(60_000);
            long indexBefore = Long.parseLong(field(other.call("INFO", "raft"), "raft_commit_index"));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < PAIRS; i++) {
                        out.write(RawClient.command("SET", "key:" + i, "value:" + i).getBytes(StandardCharsets.US_ASCII));
                        out.write(RawClient.command("GET", "key:" + i).getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // A deadline only so that a deadlock fails instead of hanging: the node stopped
            // reading a client that is itself waiting to finish writing before it reads.
            try {
                writer.get(5, TimeUnit.MINUTES);
            } catch (TimeoutException e) {
                throw new AssertionError("the node stopped taking the requests of a client that reads only afterwards");
            }
            // Others are served meanwhile and afterwards.
            assertThat(other.call("PING")).isEqualTo("+PONG\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            for (int i = 0; i < PAIRS; i++) {
                String value = "value:" + i;
                expect(in, "+OK\r\n", i);
                expect(in, "$" + value.length() + "\r\n" + value + "\r\n", i);
            }
            assertThat(other.call("GET", "key:" + (PAIRS - 1))).isEqualTo("$12\r\nvalue:" + (PAIRS - 1) + "\r\n");
            // Each GET read the SET before it without waiting for that SET to be applied first:
            // the pairs shared log entries instead of taking a commit round each.
            long entries = Long.parseLong(field(other.call("INFO", "raft"), "raft_commit_index")) - indexBefore;
            assertThat(entries).isLessThan(PAIRS / 10);
        }
    }

    private static void expect(InputStream in, String reply, int pair) throws IOException {
        byte[] want = reply.getBytes(StandardCharsets.US_ASCII);
        byte[] got = in.readNBytes(want.length);
        if (!java.util.Arrays.equals(got, want)) {
            throw new AssertionError("pair " + pair + ": expected " + reply.replace("\r\n", "\\r\\n") + " got "
                    + new String(got, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n"));
        }
    }
}
