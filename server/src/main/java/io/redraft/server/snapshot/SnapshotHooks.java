package io.redraft.server.snapshot;

/**
 * Test seams (RedisRaft has the hidden {@code snapshot-delay} for the same purpose): tests block
 * them to show the node keeps serving while a snapshot is written or a received one is parsed.
 * No-ops in production.
 */
public final class SnapshotHooks {
    private SnapshotHooks() {}

    public static volatile Runnable beforeWrite = () -> { };

    /** Runs on the loader thread before a received snapshot is parsed (tests hold the install). */
    public static volatile Runnable beforeLoad = () -> { };
}
