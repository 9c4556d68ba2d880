package io.redraft.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for tests that run an {@link InProcessCluster}: each test gets a fresh cluster in its own
 * temp dir ({@link #dir}, one subdirectory per node), and every node it started is stopped after
 * it, pass or fail. A subclass's own {@code @AfterEach} runs before the nodes stop.
 */
abstract class InProcessClusterFixture {
    @TempDir
    Path dir;
    InProcessCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = new InProcessCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
