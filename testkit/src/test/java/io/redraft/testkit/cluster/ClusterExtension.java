package io.redraft.testkit.cluster;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test its clusters and closes them after it, keeping the nodes' logs in
 * target/cluster-logs/<Class.method>/ when the test failed (a second cluster's in
 * .../cluster2/ and so on: every cluster names its nodes node1, node2, ..., and the last one
 * archived used to replace the others' logs).
 */
final class ClusterExtension implements BeforeEachCallback, AfterEachCallback {
    private final List<LocalCluster> clusters = new ArrayList<>();
    private String testName = "unknown";

    @Override
    public void beforeEach(ExtensionContext ctx) {
        testName = ctx.getRequiredTestClass().getSimpleName() + "." + ctx.getRequiredTestMethod().getName();
    }

    /** Uninitialized nodes. */
    LocalCluster start(int size, String... extraArgs) {
        return track(LocalCluster.start(nextName(), size, extraArgs));
    }

    /** Nodes formed into one cluster, leader elected, everyone voting. */
    LocalCluster formed(int size, String... extraArgs) {
        return track(LocalCluster.formed(nextName(), size, extraArgs));
    }

    /** Formed, with a network that {@link LocalCluster#partitions()} can cut. */
    LocalCluster formedPartitionable(int size, String... extraArgs) {
        return track(LocalCluster.formedPartitionable(nextName(), size, extraArgs));
    }

    /** The first cluster's logs go in the test's folder, the others' in a folder each inside it. */
    private String nextName() {
        return clusters.isEmpty() ? testName : testName + "/cluster" + (clusters.size() + 1);
    }

    private LocalCluster track(LocalCluster c) {
        clusters.add(c);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        boolean failed = ctx.getExecutionException().isPresent();
        for (LocalCluster c : clusters) {
            if (failed) c.keepLogs();
            c.close();
        }
        clusters.clear();
    }
}
