package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.config.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Redraft nodes in this JVM over real loopback sockets, one directory each under a test's temp
 * dir. The one place cluster tests wait: {@link #await} polls until a condition holds.
 */
final class InProcessCluster implements AutoCloseable {
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final List<RedraftServer> servers = new ArrayList<>();

    InProcessCluster(Path dir) {
        this.dir = dir;
    }

    static int freePort() throws IOException {
        return io.redraft.server.TestPorts.free();
    }

    /** Starts (or restarts, from its files) node {@code name} listening on {@code port}. */
    RedraftServer start(String name, int port, String... extra) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", d.toString(), "--raft.addr", "127.0.0.1:" + port, "--raft.log-fsync", "no"));
        args.addAll(List.of(extra));
        RedraftServer s = RedraftServer.start(ServerConfig.parse(args.toArray(new String[0])));
        servers.add(s);
        return s;
    }

    /**
     * Starts nodes n1..n{@code n}, INITs n1, JOINs the others through it and waits until all are
     * voters. n1 is the leader afterwards; returns the ports in node order. {@code extra} are
     * settings every node starts with.
     */
    int[] form(int n, String... extra) throws Exception {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            ports[i] = freePort();
            start("n" + (i + 1), ports[i], extra);
        }
        try (RawClient first = new RawClient(ports[0])) {
            first.call("RAFT.CLUSTER", "INIT");
            await(() -> first.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (int i = 1; i < n; i++) {
                try (RawClient c = new RawClient(ports[i])) {
                    assertThat(c.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
                }
            }
            await(() -> first.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:" + n));
        }
        return ports;
    }

    /** The i-th node started and not stopped, in start order. */
    RedraftServer server(int i) {
        return servers.get(i);
    }

    void stop(RedraftServer s) {
        s.close();
        servers.remove(s);
    }

    /** Stops every node; the cluster can be started again from the same directories. */
    @Override
    public void close() {
        for (RedraftServer s : servers) s.close();
        servers.clear();
    }

    static String await(Callable<String> probe, Predicate<String> done) throws Exception {
        return await(DEFAULT_WAIT, probe, done);
    }

    /** Waits until every node on {@code ports} answers the same DEBUG DIGEST, and returns it. */
    static String sameDigestEverywhere(int... ports) throws Exception {
        return await(() -> {
            String first = null;
            for (int p : ports) {
                try (io.redraft.resp.RawClient c = new io.redraft.resp.RawClient(p)) {
                    String d = c.call("DEBUG", "DIGEST");
                    if (first == null) first = d;
                    else if (!first.equals(d)) return "differ: " + first + " / " + d;
                }
            }
            return first;
        }, d -> !d.startsWith("differ"));
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value. A refused or dropped connection
     * counts as a value (a node may still be starting), so a timeout names what was last seen.
     */
    static String await(Duration timeout, Callable<String> probe, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.call();
            } catch (IOException e) {
                last = e.toString();
            }
            if (done.test(last)) return last;
            Thread.sleep(20);
        }
        throw new AssertionError("condition not reached within " + timeout + "; last value: " + last);
    }
}
