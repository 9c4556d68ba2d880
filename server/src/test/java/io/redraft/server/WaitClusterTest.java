package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;

/** WAIT counts the other nodes whose log holds the connection's last write, and waits up to its timeout for more. */
class WaitClusterTest extends InProcessClusterFixture {
    @Test
    void waitCountsFollowersHoldingTheLastWrite() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("WAIT", "x", "0")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("WAIT", "1", "x")).isEqualTo("-ERR timeout is not an integer or out of range\r\n");
            assertThat(c.call("WAIT", "1", "-1")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("WAIT", "1")).isEqualTo("-ERR wrong number of arguments for 'wait' command\r\n");
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("WAIT", "2", "5000")).isEqualTo(":2\r\n");
            cluster.stop(cluster.server(2));
            assertThat(c.call("SET", "k", "w")).isEqualTo("+OK\r\n"); // a majority: the leader and one follower
            long t0 = System.nanoTime();
            assertThat(c.call("WAIT", "2", "300")).isEqualTo(":1\r\n");
            assertThat(System.nanoTime() - t0).isGreaterThan(250_000_000L);
            assertThat(c.call("WAIT", "1", "0")).isEqualTo(":1\r\n");
        }
        try (RawClient f = new RawClient(ports[1])) {
            assertThat(f.call("WAIT", "1", "0")).startsWith("-MOVED ");
        }
    }
}
