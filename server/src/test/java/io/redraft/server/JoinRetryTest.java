package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A node asked to join through a member that is loading a snapshot (it answers RAFT.NODE ADD with
 * -LOADING) asks it again shortly, as it does during an election: the loading is over in a moment.
 * It used to give that address up, and with no other address the join failed (a member-join fault
 * of the ten-minute fault run met it).
 */
class JoinRetryTest extends InProcessClusterFixture {
    private static final String DBID = "0123456789abcdef0123456789abcdef";

    /** One RESP command from {@code in} (arrays of bulk strings), or null at end of stream. */
    private static List<String> readCommand(InputStream in) throws IOException {
        String header = line(in);
        if (header == null) return null;
        int n = Integer.parseInt(header.substring(1));
        List<String> argv = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(line(in).substring(1));
            byte[] b = in.readNBytes(len + 2);
            argv.add(new String(b, 0, len, StandardCharsets.UTF_8));
        }
        return argv;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') return sb.toString().trim();
            sb.append((char) c);
        }
        return null;
    }

    @Test
    void aMemberAnsweringLoadingIsAskedAgain() throws Exception {
        AtomicInteger adds = new AtomicInteger();
        try (ServerSocket member = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread fake = new Thread(() -> {
                while (!member.isClosed()) {
                    try (Socket s = member.accept()) {
                        InputStream in = new BufferedInputStream(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        for (List<String> argv; (argv = readCommand(in)) != null; ) {
                            String name = argv.get(0).toUpperCase();
                            if (name.equals("AUTH")) out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                            else if (name.equals("RAFT.NODE") && adds.incrementAndGet() == 1) {
                                out.write("-LOADING Raft module is loading data\r\n".getBytes(StandardCharsets.US_ASCII));
                            } else if (name.equals("RAFT.NODE")) {
                                out.write(("*2\r\n:7\r\n+" + DBID + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            }
                            out.flush();
                        }
                    } catch (IOException | RuntimeException closed) {
                        // the node hung up, or the test is over
                    }
                }
            }, "fake-member");
            fake.setDaemon(true);
            fake.start();

            int port = InProcessCluster.freePort();
            cluster.start("joiner", port);
            try (RawClient c = new RawClient(port); RawClient info = new RawClient(port)) {
                // The JOIN is answered once a leader is known, which this fake never becomes: watch INFO instead.
                c.send(RawClient.command("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + member.getLocalPort()));
                InProcessCluster.await(() -> info.call("INFO", "raft"), r -> r.contains("raft_dbid:" + DBID));
                assertThat(field(info.call("INFO", "raft"), "raft_node_id")).isEqualTo("7");
            }
            assertThat(adds.get()).isEqualTo(2);
        }
    }
}
