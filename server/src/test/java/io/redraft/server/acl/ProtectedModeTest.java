package io.redraft.server.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import io.redraft.resp.RedisProcess;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Protected mode's decision, and its DENIED text compared with what redis-server 7.0 sends a
 * client that reaches it through a non-loopback address of this machine.
 */
class ProtectedModeTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.2", 6379);

    private static InetSocketAddress addr(String ip) {
        return new InetSocketAddress(ip, 40000);
    }

    @Test
    void onlyLocalClientsAreServedWhileTheDefaultUserHasNoPassword() {
        assertThat(ProtectedMode.denial(true, true, addr("192.0.2.99"), LOCAL)).startsWith("DENIED Redis is running in protected mode");
        assertThat(ProtectedMode.denial(true, true, addr("10.1.2.3"), addr("10.9.9.9"))).isNotNull();
        assertThat(ProtectedMode.denial(true, true, addr("127.0.0.1"), LOCAL)).isNull();
        assertThat(ProtectedMode.denial(true, true, addr("127.5.6.7"), LOCAL)).isNull();
        assertThat(ProtectedMode.denial(true, true, addr("::1"), LOCAL)).isNull();
        // this machine through one of its own addresses (the nodes of a one-host cluster): served
        assertThat(ProtectedMode.denial(true, true, addr("192.0.2.2"), LOCAL)).isNull();
        assertThat(ProtectedMode.denial(false, true, addr("192.0.2.99"), LOCAL)).as("protected-mode no").isNull();
        assertThat(ProtectedMode.denial(true, false, addr("192.0.2.99"), LOCAL)).as("a password").isNull();
    }

    @Test
    void theDeniedTextIsRedisOwn() throws Exception {
        assumeTrue(RedisProcess.available(), "redis-server not installed");
        InetAddress external = null;
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) external = a;
            }
        }
        assumeTrue(external != null, "no non-loopback IPv4 address on this machine");
        try (RedisProcess redis = RedisProcess.start("--bind", "0.0.0.0", "--protected-mode", "yes");
             RawClient c = new RawClient(external.getHostAddress(), redis.port(), 5000)) {
            assertThat(c.call("PING")).isEqualTo("-" + ProtectedMode.DENIED + "\r\n");
        }
    }
}
