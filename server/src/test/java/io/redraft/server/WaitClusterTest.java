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

    /** WAITAOF: the log is the AOF; the local copy counts once committed, replicas as WAIT (raft.log-fsync yes). */
    @Test
    void waitaofCountsFsyncedLogs() throws Exception {
        int[] ports = cluster.form(3, "--raft.log-fsync", "yes");
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("WAITAOF", "x", "0", "0")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(c.call("WAITAOF", "2", "0", "0")).isEqualTo("-ERR value is out of range, value must between 0 and 1\r\n");
            assertThat(c.call("WAITAOF", "0", "-1", "0")).isEqualTo("-ERR value is out of range, must be positive\r\n");
            assertThat(c.call("WAITAOF", "0", "0", "-1")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("WAITAOF", "0", "0")).isEqualTo("-ERR wrong number of arguments for 'waitaof' command\r\n");
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("WAITAOF", "1", "2", "5000")).isEqualTo("*2\r\n:1\r\n:2\r\n");
            cluster.stop(cluster.server(2));
            assertThat(c.call("SET", "k", "w")).isEqualTo("+OK\r\n");
            long t0 = System.nanoTime();
            assertThat(c.call("WAITAOF", "1", "2", "300")).isEqualTo("*2\r\n:1\r\n:1\r\n");
            assertThat(System.nanoTime() - t0).isGreaterThan(250_000_000L);
        }
        try (RawClient f = new RawClient(ports[1])) {
            assertThat(f.call("WAITAOF", "0", "1", "0")).startsWith("-MOVED ");
        }
    }

    /** Without fsync nothing counts as an AOF copy: a local one is refused as Redis refuses it with appendonly off. */
    @Test
    void waitaofWithoutFsyncCountsNothing() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            assertThat(c.call("WAITAOF", "1", "0", "0"))
                    .isEqualTo("-ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.\r\n");
            assertThat(c.call("WAITAOF", "0", "0", "0")).isEqualTo("*2\r\n:0\r\n:0\r\n");
            assertThat(c.call("WAITAOF", "0", "1", "100")).isEqualTo("*2\r\n:0\r\n:0\r\n");
        }
    }
}
