package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Settings that act: {@code timeout} closes idle clients, {@code hz} shows in INFO; SHUTDOWN stops the node. */
class ServerSettingsTest extends InProcessClusterFixture {
    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient admin = new RawClient(port); RawClient idle = new RawClient(port, 5000)) {
            assertThat(admin.call("CONFIG", "SET", "timeout", "1")).isEqualTo("+OK\r\n");
            assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");
            long t0 = System.nanoTime();
            assertThat(idle.closedByServer()).isTrue();
            long waited = System.nanoTime() - t0;
            assertThat(waited).isGreaterThan(500_000_000L).isLessThan(4_000_000_000L);
        }
        try (RawClient admin = new RawClient(port)) {
            assertThat(admin.call("CONFIG", "SET", "timeout", "0")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void infoShowsTheConfiguredHz() throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("CONFIG", "SET", "hz", "25")).isEqualTo("+OK\r\n");
            assertThat(field(c.call("INFO", "server"), "hz")).isEqualTo("25");
        }
    }

    @Test
    void shutdownAnswersNothingAndStopsTheNode() throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient c = new RawClient(port, 5000)) {
            assertThat(c.call("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
            c.send(RawClient.command("SHUTDOWN", "NOSAVE", "NOW"));
            assertThat(c.closedByServer()).isTrue();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(50);
            } catch (ConnectException e) {
                refused = true;
            }
        }
        assertThat(refused).as("the port stops accepting").isTrue();
    }

    @Test
    void atMaxmemoryWritesGetOomWhileReadsAndDeletesRunOnEveryReplica() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("SET", "a", "1")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "b", "2")).isEqualTo("+OK\r\n");
            assertThat(c.call("CONFIG", "SET", "maxmemory", "1")).isEqualTo("+OK\r\n");
            String oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
            assertThat(c.call("SET", "c", "3")).isEqualTo(oom);
            assertThat(c.call("INCR", "a")).isEqualTo(oom);
            assertThat(c.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
            assertThat(c.call("DEL", "b")).isEqualTo(":1\r\n");
            assertThat(field(c.call("INFO", "memory"), "maxmemory")).isEqualTo("1");
            assertThat(c.call("CONFIG", "SET", "maxmemory", "0")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "c", "3")).isEqualTo("+OK\r\n");
            String digest = c.call("DEBUG", "DIGEST");
            for (int p : ports) {
                try (RawClient r = new RawClient(p)) {
                    InProcessCluster.await(() -> r.call("DEBUG", "DIGEST"), d -> d.equals(digest));
                    assertThat(r.call("DEBUG", "DIGEST-VALUE", "a", "b", "c")).isEqualTo(c.call("DEBUG", "DIGEST-VALUE", "a", "b", "c"));
                }
            }
        }
    }
}
