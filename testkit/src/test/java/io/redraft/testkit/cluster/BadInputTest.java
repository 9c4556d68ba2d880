package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Malformed and random RESP sent over raw sockets to a live node while a well-behaved client keeps
 * using it: the node answers protocol errors exactly as Redis 7 does, drops only the offending
 * connections, and never stops serving the good client.
 */
@Tag("cluster")
class BadInputTest {
    static final long SEED = Long.getLong("redraft.badinput.seed", 20261125L);
    static final int RANDOM_FRAMES = Integer.getInteger("redraft.badinput.frames", 200);

    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    /** What redis-server 7 answers (measured), and whether it then closes the connection. */
    record Case(String name, byte[] frame, String reply, boolean closes) {}

    static List<Case> redisCases() {
        List<Case> cases = new ArrayList<>(List.of(
                new Case("non-numeric multibulk length", b("*abc\r\n"), "-ERR Protocol error: invalid multibulk length\r\n", true),
                new Case("multibulk length over INT_MAX", b("*99999999999\r\n"), "-ERR Protocol error: invalid multibulk length\r\n", true),
                new Case("no $ before a bulk", b("*1\r\nx\r\n"), "-ERR Protocol error: expected '$', got 'x'\r\n", true),
                new Case("non-numeric bulk length", b("*1\r\n$abc\r\n"), "-ERR Protocol error: invalid bulk length\r\n", true),
                new Case("huge declared bulk", b("*1\r\n$999999999999\r\n"), "-ERR Protocol error: invalid bulk length\r\n", true),
                new Case("bulk above 512 MB", b("*2\r\n$3\r\nGET\r\n$600000000\r\n"), "-ERR Protocol error: invalid bulk length\r\n", true),
                new Case("negative bulk length", b("*1\r\n$-1\r\n"), "-ERR Protocol error: invalid bulk length\r\n", true),
                new Case("unbalanced double quote", b("set \"a b\r\n"), "-ERR Protocol error: unbalanced quotes in request\r\n", true),
                new Case("unbalanced single quote", b("set 'a\r\n"), "-ERR Protocol error: unbalanced quotes in request\r\n", true),
                new Case("empty multibulk then PING", b("*0\r\nPING\r\n"), "+PONG\r\n", false),
                new Case("null multibulk then PING", b("*-1\r\nPING\r\n"), "+PONG\r\n", false),
                new Case("blank lines then PING", b("\r\n\r\nPING\r\n"), "+PONG\r\n", false),
                new Case("unknown inline command", b("\u0001\u0002 foo\r\n"),
                        "-ERR unknown command '\u0001\u0002', with args beginning with: 'foo' \r\n", false)));
        byte[] endless = new byte[70_000];
        Arrays.fill(endless, (byte) 'a');
        cases.add(new Case("endless inline line", endless, "-ERR Protocol error: too big inline request\r\n", true));
        byte[] count = new byte[70_000];
        Arrays.fill(count, (byte) '1');
        count[0] = '*';
        cases.add(new Case("endless multibulk count", count, "-ERR Protocol error: too big mbulk count string\r\n", true));
        byte[] bulk = new byte[70_000];
        Arrays.fill(bulk, (byte) '1');
        System.arraycopy(b("*1\r\n$"), 0, bulk, 0, 5);
        cases.add(new Case("endless bulk length", bulk, "-ERR Protocol error: too big bulk count string\r\n", true));
        return cases;
    }

    @Test
    void malformedFramesGetRedisErrorsAndTheNodeKeepsServing() throws Exception {
        LocalCluster c = clusters.start(1);
        c.init();
        c.waitFor("node1 to lead", () -> c.info(1).isLeader());
        NodeProcess node = c.node(1);

        try (GoodClient good = new GoodClient(node)) {
            c.waitFor("the good client to get going", () -> good.ok.get() >= 5);

            for (Case k : redisCases()) {
                Exchange e = exchange(node.port(), k.frame(), k.reply().length(), k.closes());
                assertThat(e.reply()).as("reply to %s", k.name()).isEqualTo(k.reply());
                assertThat(e.closed()).as("connection closed after %s", k.name()).isEqualTo(k.closes());
            }

            Random random = new Random(SEED);
            for (int i = 0; i < RANDOM_FRAMES; i++) {
                byte[] frame = randomFrame(random);
                Exchange e = exchange(node.port(), frame, Integer.MAX_VALUE, false);
                if (e.reply().startsWith("-ERR Protocol error: ")) {
                    assertThat(e.closed()).as("seed %d frame %d: a protocol error closes the connection (%s)", SEED, i,
                            e.reply().strip()).isTrue();
                }
                assertThat(node.isAlive()).as("node alive after seed %d frame %d", SEED, i).isTrue();
            }

            long before = good.ok.get();
            c.waitFor("the good client to keep being served", () -> good.ok.get() >= before + 5);
            assertThat(good.failure.get()).as("the good client's errors").isNull();
        }
        try (Jedis j = node.jedis()) {
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.set("still", "here")).isEqualTo("OK");
        }
        assertThat(node.isAlive()).isTrue();
    }

    /** One of the shapes of bad input, with random parameters. */
    static byte[] randomFrame(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> { // garbage bytes
                byte[] g = new byte[1 + r.nextInt(300)];
                r.nextBytes(g);
                yield g;
            }
            case 1 -> b("*" + pick(r, "x", "-5", "1a", "", " ", "99999999999", "2147483648", "1.5") + "\r\n");
            case 2 -> b("*" + (1 + r.nextInt(3)) + "\r\n$" + (536_870_913L + (r.nextLong() & 0xffffffffffL)) + "\r\n");
            case 3 -> b(pick(r, "SET", "GET", "ECHO", "PING") + " " + pick(r, "\"", "'") + "unterminated " + r.nextInt() + "\r\n");
            case 4 -> {
                byte[] line = new byte[65_537 + r.nextInt(20_000)];
                Arrays.fill(line, (byte) ('a' + r.nextInt(26)));
                yield line;
            }
            default -> { // a valid prefix cut short or followed by nonsense
                String good = "*3\r\n$3\r\nSET\r\n$" + (1 + r.nextInt(5)) + "\r\nkey\r\n$1\r\nv\r\n";
                byte[] g = b(good);
                int cut = r.nextInt(g.length);
                byte[] out = Arrays.copyOf(g, cut + 8);
                for (int i = cut; i < out.length; i++) out[i] = (byte) r.nextInt(256);
                yield out;
            }
        };
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What the node answered within a short wait, and whether it closed the connection. */
    record Exchange(String reply, boolean closed) {}

    /**
     * Sends a frame and reads the node's answer: until it closes the connection, or, when the
     * expected reply is known ({@code expectedBytes}), until that much arrived and (if the node should
     * keep the connection) a short silence confirms nothing more follows. A random frame is read until
     * a short silence: the node waiting for the rest of an incomplete frame is a valid answer.
     */
    static Exchange exchange(int port, byte[] frame, int expectedBytes, boolean expectClose) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            try {
                s.getOutputStream().write(frame);
                s.getOutputStream().flush();
            } catch (IOException closedWhileWriting) {
                // The node may close as soon as it has seen enough (an endless line): read what it said.
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            boolean closed = false;
            try {
                while (true) {
                    boolean haveReply = got.size() >= expectedBytes;
                    boolean owesClose = expectClose || got.toString(StandardCharsets.ISO_8859_1).startsWith("-ERR Protocol error: ");
                    // Waiting for a reply or a close the node owes us: patient. Checking for silence: brief.
                    s.setSoTimeout(owesClose || !haveReply && expectedBytes != Integer.MAX_VALUE ? 5000 : 100);
                    int n = in.read(buf);
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException silent) {
                // still open
            } catch (IOException reset) {
                closed = true; // RST: the node closed with our unread bytes still queued
            }
            return new Exchange(got.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    /** A client doing PING and INFO in a loop on its own connection; remembers the first error. */
    static final class GoodClient implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean stop;

        GoodClient(NodeProcess node) {
            thread = new Thread(() -> {
                try (Jedis j = node.jedis()) {
                    while (!stop) {
                        if (!"PONG".equals(j.ping())) throw new AssertionError("PING did not answer PONG");
                        if (!j.info("raft").contains("raft_state:up")) throw new AssertionError("INFO raft lost raft_state:up");
                        ok.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "good-client");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }
}
