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
}
