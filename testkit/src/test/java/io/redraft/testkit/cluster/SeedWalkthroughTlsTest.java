package io.redraft.testkit.cluster;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RedisRaft's walkthrough with TLS on every link and ACL users (issue 17): three real nodes
 * serving TLS only with {@code tls-auth-clients yes} and {@code raft.tls-enabled yes}, links as the
 * cluster user, every step through the stock {@code redis-cli --tls} with a client certificate.
 */
@Tag("cluster")
class SeedWalkthroughTlsTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @AfterEach
    void plainAgain() {
        ClusterSecurity.disable();
    }

    @Test
    void walkthroughWithRedisCliOverTlsWithAcl() throws Exception {
        ClusterSecurity.enable(Files.createTempDirectory("walkthrough-tls"), true, true);
        SeedWalkthroughTest.walkthrough(clusters.start(3));
    }
}
