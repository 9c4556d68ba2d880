package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose port is taken says so in Redis's words and exits, instead of lingering without a listener. */
@Tag("cluster")
class PortInUseTest {
    @Test
    void aTakenPortStopsTheNodeWithRedisMessage(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            NodeProcess n = new NodeProcess(1, dir, taken.getLocalPort(), List.of());
            try {
                n.start();
                int code = n.awaitExit(LocalCluster.PATIENCE);
                assertThat(code).as("exit code; output:%n%s", n.tail(20)).isEqualTo(1);
                assertThat(n.logs()).contains("Could not create server TCP listening socket 127.0.0.1:"
                        + taken.getLocalPort() + ": bind: Address already in use");
            } finally {
                n.close();
            }
        }
    }
}
