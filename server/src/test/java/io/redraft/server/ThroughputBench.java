package io.redraft.server;

import io.redraft.resp.RawClient;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Write throughput through the whole node (decode, node thread, log + fsync, replicate, apply,
 * reply). Not part of the suite: run with
 * {@code -Dtest=ThroughputBench -Dredraft.bench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "redraft.bench", matches = "true")
class ThroughputBench {
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int DEPTH = Integer.getInteger("bench.depth", 32);
    static final int SECONDS = Integer.getInteger("bench.seconds", 5);
    /** {@code -Dbench.sessions=true}: every connection writes in a client session (CLIENT SESSION). */
    static final boolean SESSIONS = Boolean.getBoolean("bench.sessions");

    @Test
    void singleNodeAndThreeNodes() throws Exception {
        Path dir = Files.createTempDirectory("redraft-bench");
        for (boolean fsync : new boolean[] {true, false}) {
            for (int nodes : new int[] {1, 3}) {
                try (InProcessCluster cluster = new InProcessCluster(dir.resolve(fsync + "-" + nodes))) {
                    int[] ports = cluster.form(nodes, "--raft.log-fsync", fsync ? "yes" : "no");
                    long ops = run(ports[0]);
                    System.out.printf("BENCH nodes=%d fsync=%s clients=%d depth=%d sessions=%s: %d SET/s%n", nodes, fsync,
                            CLIENTS, DEPTH, SESSIONS, ops / SECONDS);
                }
            }
        }
    }

    private static long run(int port) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int id = c;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    if (SESSIONS) openSession(out, in);
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < DEPTH; i++) batch.append(RawClient.command("SET", "key:" + id + ":" + i, "value-" + i));
                    byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
                    while (System.nanoTime() < end) {
                        out.write(bytes);
                        out.flush();
                        for (int i = 0; i < DEPTH; i++) {
                            // "+OK\r\n"
                            if (in.read() != '+') throw new IllegalStateException("unexpected reply");
                            while (in.read() != '\n') { }
                        }
                        done.addAndGet(DEPTH);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        return done.get();
    }

    private static void openSession(OutputStream out, InputStream in) throws Exception {
        out.write(RawClient.command("CLIENT", "SESSION", "NEW").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        StringBuilder id = new StringBuilder();
        if (in.read() != ':') throw new IllegalStateException("CLIENT SESSION NEW failed");
        for (int c; (c = in.read()) != '\r'; ) id.append((char) c);
        in.read();
        out.write(RawClient.command("CLIENT", "SESSION", id.toString(), "1").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (in.read() != '+') throw new IllegalStateException("CLIENT SESSION failed");
        while (in.read() != '\n') { }
    }
}
