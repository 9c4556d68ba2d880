package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    /** The value of {@code name} in an INFO reply; fails the test if the field is absent. */
    static String field(String info, String name) {
        int at = info.indexOf(name + ":");
        assertThat(at).as(name).isGreaterThanOrEqualTo(0);
        at += name.length() + 1;
        return info.substring(at, info.indexOf('\r', at));
    }

    /** The node's raft_node_id, from INFO raft_general. */
    static String nodeId(RawClient c) throws Exception {
        String info = c.call("INFO", "raft_general");
        int at = info.indexOf("raft_node_id:") + "raft_node_id:".length();
        return info.substring(at, info.indexOf('\r', at));
    }

    /**
     * A hook (for SnapshotHooks) that opens {@code entered} and then holds the thread running it
     * until {@code release} opens, at most 60 s, so a test can look at the node meanwhile.
     */
    static Runnable pauseUntil(CountDownLatch entered, CountDownLatch release) {
        return () -> {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
