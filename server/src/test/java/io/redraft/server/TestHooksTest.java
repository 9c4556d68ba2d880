package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection hooks (RAFT.DEBUG CLOCK, RAFT.DEBUG FSYNC-DELAY) are refused unless the node
 * was started with raft.test-hooks yes, which CONFIG SET cannot turn on; with it, the clock offset
 * moves TIME and the "now" the leader stamps a logged command with, hence absolute expiries.
 */
class TestHooksTest {
    @TempDir
    Path dir;

    @Test
    void hooksAreRefusedWithoutTheTestSwitch() throws Exception {
        InProcessCluster c = new InProcessCluster(dir);
        try {
            int port = InProcessCluster.freePort();
            c.start("n1", port);
            try (RawClient r = new RawClient(port)) {
                String refused = "-ERR test hooks are disabled; start the node with raft.test-hooks yes\r\n";
                assertThat(r.call("RAFT.DEBUG", "CLOCK", "60000")).isEqualTo(refused);
                assertThat(r.call("RAFT.DEBUG", "FSYNC-DELAY", "100")).isEqualTo(refused);
                assertThat(r.call("CONFIG", "SET", "raft.test-hooks", "yes")).startsWith("-ERR");
            }
        } finally {
            c.close();
        }
    }

    @Test
    void clockOffsetMovesTimeAndTheLoggedNow() throws Exception {
        InProcessCluster c = new InProcessCluster(dir);
        try {
            int port = InProcessCluster.freePort();
            c.start("n1", port, "--raft.test-hooks", "yes");
            try (RawClient r = new RawClient(port)) {
                r.call("RAFT.CLUSTER", "INIT");
                InProcessCluster.await(() -> r.call("SET", "warm", "up"), s -> s.equals("+OK\r\n"));
                long before = seconds(r.call("TIME"));
                assertThat(r.call("RAFT.DEBUG", "CLOCK", "3600000")).isEqualTo("+OK\r\n");
                assertThat(seconds(r.call("TIME")) - before).isBetween(3590L, 3700L);
                // Written an hour ahead: its absolute expiry is an hour later than the machine's now.
                r.call("SET", "k", "v", "EX", "10");
                long expireAt = Long.parseLong(r.call("EXPIRETIME", "k").substring(1).trim());
                assertThat(expireAt - before).isBetween(3600L, 3720L);
                assertThat(r.call("RAFT.DEBUG", "CLOCK", "0")).isEqualTo("+OK\r\n");
                // Back to the machine's clock, the key has an hour to live.
                assertThat(Long.parseLong(r.call("TTL", "k").substring(1).trim())).isBetween(3500L, 3610L);
                assertThat(r.call("RAFT.DEBUG", "FSYNC-DELAY", "5")).isEqualTo("+OK\r\n");
                assertThat(r.call("SET", "slow", "disk")).isEqualTo("+OK\r\n");
                assertThat(r.call("RAFT.DEBUG", "FSYNC-DELAY", "0")).isEqualTo("+OK\r\n");
                assertThat(r.call("RAFT.DEBUG", "CLOCK", "x")).startsWith("-ERR");
            }
        } finally {
            c.close();
        }
    }

    /** The seconds of a RESP TIME reply. */
    private static long seconds(String timeReply) {
        String[] lines = timeReply.split("\r\n");
        return Long.parseLong(lines[2]);
    }
}
