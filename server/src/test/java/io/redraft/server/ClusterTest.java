package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.config.ServerConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three in-process nodes over real sockets: INIT, JOIN (following MOVED), replicated writes, redirects. */
class ClusterTest {
    @TempDir
    Path dir;
    private final List<RedraftServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        for (RedraftServer s : servers) s.close();
    }

    private int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private RedraftServer start(int port, String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        ServerConfig c = ServerConfig.parse(new String[] {"--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", d.toString(), "--raft.addr", "127.0.0.1:" + port, "--raft.log-fsync", "no"});
        RedraftServer s = RedraftServer.start(c);
        servers.add(s);
        return s;
    }

    private static String await(Callable<String> probe, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = probe.call();
            if (done.test(last)) return last;
            Thread.sleep(20);
        }
        throw new AssertionError("condition not reached; last value: " + last);
    }

    @Test
    void initJoinReplicateAndRedirect() throws Exception {
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        start(p1, "n1");
        start(p2, "n2");
        start(p3, "n3");
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2); RawClient c3 = new RawClient(p3)) {
            String init = c1.call("RAFT.CLUSTER", "INIT");
            assertThat(init).matches("\\+OK [0-9a-f]{32}\r\n");
            String dbid = init.substring(4, 36);
            assertThat(c1.call("RAFT.CLUSTER", "INIT")).isEqualTo("-ERR Already cluster member\r\n");
            await(() -> c1.call("SET", "k", "v"), r -> r.equals("+OK\r\n"));
            assertThat(c1.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            assertThat(c1.call("INFO", "raft")).contains("raft_dbid:" + dbid).contains("raft_state:up")
                    .contains("raft_role:leader").contains("raft_num_nodes:1");

            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            // Through the follower n2: RAFT.NODE ADD there answers MOVED, which JOIN follows.
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p2)).isEqualTo("+OK\r\n");
            await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));

            assertThat(c1.call("SET", "k2", "v2")).isEqualTo("+OK\r\n");
            assertThat(c1.call("INCR", "n")).isEqualTo(":1\r\n");
            assertThat(c2.call("GET", "k")).isEqualTo("-MOVED 0 127.0.0.1:" + p1 + "\r\n");
            assertThat(c3.call("SET", "k", "x")).isEqualTo("-MOVED 0 127.0.0.1:" + p1 + "\r\n");
            await(() -> c3.call("INFO", "keyspace"), r -> r.contains("db0:keys=3,"));
            await(() -> c2.call("INFO", "keyspace"), r -> r.contains("db0:keys=3,"));
            String info2 = c2.call("INFO", "raft");
            assertThat(info2).contains("raft_role:follower").contains("raft_dbid:" + dbid)
                    .contains("state=connected");

            // MULTI/EXEC is one entry, replies as an array.
            assertThat(c1.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c1.call("SET", "a", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c1.call("INCR", "a")).isEqualTo("+QUEUED\r\n");
            assertThat(c1.call("EXEC")).isEqualTo("*2\r\n+OK\r\n:2\r\n");
        }
    }
}
