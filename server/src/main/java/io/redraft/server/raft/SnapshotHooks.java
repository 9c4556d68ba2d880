package io.redraft.server.raft;

/**
 * Test seam (RedisRaft has the hidden {@code snapshot-delay} for the same purpose): runs on the
 * snapshot writer thread, with the view open, before the RDB is written. Tests block it to show
 * the node keeps serving while a snapshot is being written. No-op in production.
 */
public final class SnapshotHooks {
    private SnapshotHooks() {}

    public static volatile Runnable beforeWrite = () -> { };
}
