package io.redraft.server.cluster;

import io.redraft.server.ops.Metrics;
import io.redraft.storage.NodeStorage;

/**
 * What each log the node opens gets attached: the fsync delay of {@code RAFT.DEBUG FSYNC-DELAY}
 * (set once, it outlives a re-initialized storage) and the fsync histograms of the metrics.
 */
final class FsyncHooks {
    private final Metrics metrics;
    private long delayMillis;

    FsyncHooks(Metrics metrics) {
        this.metrics = metrics;
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    void applyTo(NodeStorage storage) {
        if (storage == null || !storage.isInitialized()) return;
        storage.writer().setTestFsyncDelay(delayMillis);
        storage.writer().stats().observe(metrics::fsync);
        storage.writer().stats().observeGroups(metrics::fsyncGroup);
    }
}
