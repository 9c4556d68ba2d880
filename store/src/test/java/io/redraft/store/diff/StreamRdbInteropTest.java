package io.redraft.store.diff;

import io.redraft.resp.RawClient;
import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Streams through RDB files both ways with a stock redis-server 7.0.15: a file Redis saved
 * (streams of several nodes, deleted entries, trims, consumer groups with PELs, consumers without
 * pending entries, a PEL entry whose message was deleted, an empty stream with a group, IDs past
 * 2^63) loads in our reader with XINFO STREAM FULL, XPENDING and DUMP byte-identical to what Redis
 * answered before saving; and our file loads in redis-server (started with --dir/--dbfilename on
 * it) with XINFO STREAM FULL and DUMP identical to ours.
 */
class StreamRdbInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needRedis() {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
    }

    static List<List<byte[]>> script() {
        List<String> s = new ArrayList<>();
        for (int i = 1; i <= 260; i++) {
            String fields = i % 9 == 0 ? "other " + i + " f x" : "f " + (i % 3 == 0 ? "v".repeat(70 + i) : Integer.toString(i * 1000));
            s.add("XADD s1 " + i + "-" + (i % 4) + " " + fields + " g " + (i % 5 == 0 ? "-7" : "w" + i));
        }
        s.addAll(List.of("XDEL s1 3-3 10-2 11-3 200-0 200-0", "XTRIM s1 MAXLEN = 240", "XGROUP CREATE s1 g1 0",
                "XGROUP CREATE s1 g2 $", "XGROUP CREATE s1 g3 100-0 ENTRIESREAD 50", "XGROUP CREATE s1 g4 0 ENTRIESREAD -1",
                "XREADGROUP GROUP g1 alice COUNT 10 STREAMS s1 >", "XREADGROUP GROUP g1 bob COUNT 5 STREAMS s1 >",
                "XREADGROUP GROUP g3 carl NOACK COUNT 4 STREAMS s1 >", "XREADGROUP GROUP g3 dora COUNT 3 STREAMS s1 >",
                "XGROUP CREATECONSUMER s1 g1 idle", "XGROUP CREATECONSUMER s1 g2 only", "XCLAIM s1 g1 erin 0 25-1 26-2",
                "XCLAIM s1 g1 erin 0 27-3 RETRYCOUNT 7 TIME 1234567", "XACK s1 g1 28-0", "XDEL s1 29-1",
                "XREADGROUP GROUP g1 alice STREAMS s1 0",
                "XGROUP CREATE empty g $ MKSTREAM", "XGROUP CREATECONSUMER empty g c",
                "XADD far 9223372036854775808-1 f v", "XADD far 18446744073709551615-5 f v",
                "XGROUP CREATE far g 0", "XREADGROUP GROUP g c STREAMS far >",
                "XADD set 5-0 a 1", "XADD set 6-0 a 2", "XDEL set 6-0", "XSETID set 9-0 ENTRIESADDED 40 MAXDELETEDID 8-0"));
        for (int i = 1; i <= 30; i++) {
            s.add("XADD big " + i + "-0 payload " + "p".repeat(500 + 37 * i) + " n " + i);
        }
        s.add("XTRIM big MINID 4-0");
        List<List<byte[]>> out = new ArrayList<>();
        for (String line : s) {
            List<byte[]> argv = new ArrayList<>();
            for (String a : line.split(" ")) {
                argv.add(a.getBytes(StandardCharsets.UTF_8));
            }
            out.add(argv);
        }
        return out;
    }

    static final List<String> KEYS = List.of("s1", "empty", "far", "set", "big");

    /** What we compare after a load: XINFO STREAM FULL in both protocols, XPENDING summaries, DUMP. */
    static List<List<byte[]>> probes() {
        List<List<byte[]>> p = new ArrayList<>();
        for (String k : KEYS) {
            p.add(StreamDiffTest.cmd("XINFO", "STREAM", k, "FULL", "COUNT", "0"));
            p.add(StreamDiffTest.cmd("XINFO", "STREAM", k));
            p.add(StreamDiffTest.cmd("XINFO", "GROUPS", k));
            p.add(StreamDiffTest.cmd("XPENDING", k, "g1"));
            p.add(StreamDiffTest.cmd("XRANGE", k, "-", "+"));
            p.add(StreamDiffTest.cmd("DUMP", k));
        }
        return p;
    }

    private static Reply ours(Store store, List<byte[]> argv, int proto, long now) throws IOException {
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(now, 1, proto), new RespWriter(out, proto));
        return Reply.read(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void weLoadWhatRedisSaves() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        try (Server redis = Server.start(dir, "redis.rdb"); RawClient r2 = new RawClient(redis.port);
             RawClient r3 = new RawClient(redis.port)) {
            Reply.call(r3, "HELLO", "3");
            for (List<byte[]> argv : script()) {
                assertThat(Reply.call(r2, argv).isError()).as(StreamDiffTest.text(argv)).isFalse();
            }
            for (List<byte[]> probe : probes()) {
                expected.put("2 " + StreamDiffTest.text(probe), Reply.call(r2, probe).render());
                expected.put("3 " + StreamDiffTest.text(probe), Reply.call(r3, probe).render());
            }
            assertThat(Reply.call(r2, "SAVE").line()).isEqualTo("OK");
        }
        Store store = new Store();
        store.install(RdbReader.read(dir.resolve("redis.rdb")).keyspace());
        for (List<byte[]> probe : probes()) {
            for (int proto : new int[]{2, 3}) {
                assertThat(ours(store, probe, proto, System.currentTimeMillis()).render())
                        .as("RESP%d %s", proto, StreamDiffTest.text(probe))
                        .isEqualTo(expected.get(proto + " " + StreamDiffTest.text(probe)));
            }
        }
    }

    @Test
    void redisLoadsOurFile() throws Exception {
        Store store = new Store();
        long now = 1_765_000_000_000L;
        for (List<byte[]> argv : script()) {
            assertThat(ours(store, argv, 2, now += 3).isError()).as(StreamDiffTest.text(argv)).isFalse();
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("ours.rdb"))) {
            RdbWriter.write(store.keyspace(), null, now, out);
        }
        Process check = new ProcessBuilder("/usr/bin/redis-check-rdb", dir.resolve("ours.rdb").toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(report).isZero();
        try (Server redis = Server.start(dir, "ours.rdb"); RawClient r2 = new RawClient(redis.port);
             RawClient r3 = new RawClient(redis.port)) {
            Reply.call(r3, "HELLO", "3");
            assertThat(Reply.call(r2, "DBSIZE").line()).isEqualTo(Integer.toString(KEYS.size()));
            for (List<byte[]> probe : probes()) {
                assertThat(Reply.call(r2, probe).render()).as("RESP2 %s", StreamDiffTest.text(probe))
                        .isEqualTo(ours(store, probe, 2, now).render());
                assertThat(Reply.call(r3, probe).render()).as("RESP3 %s", StreamDiffTest.text(probe))
                        .isEqualTo(ours(store, probe, 3, now).render());
            }
        }
    }

    /** A redis-server on a free port reading and saving {@code dir/dbfilename}. */
    static final class Server implements AutoCloseable {
        final int port;
        private final Process process;

        private Server(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        static Server start(Path dir, String dbfilename) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = dir.resolve("redis-" + port + ".log");
            Process p = new ProcessBuilder(RedisProcess.BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", dir.toString(), "--dbfilename", dbfilename, "--save", "", "--appendonly", "no",
                    "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (true) {
                if (!p.isAlive()) {
                    throw new IOException("redis-server exited:\n" + Files.readString(log));
                }
                try (Socket s = new Socket("127.0.0.1", port); RawClient c = new RawClient(port)) {
                    if (Reply.call(c, "PING").line().equals("PONG")) {
                        return new Server(port, p);
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    p.destroyForcibly();
                    throw new IOException("redis-server did not come up:\n" + Files.readString(log));
                }
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
