package io.redraft.raft;

/**
 * The application's latest snapshot as the leader streams it to followers (Raft §7). The bytes
 * are opaque to the core. {@link #meta()} must equal {@link LogStorage#snapshot()}.
 */
public interface SnapshotSource {
    /** What the snapshot covers, including the configuration as of its last index. */
    SnapshotMeta meta();

    /** Total size in bytes. */
    long size();

    /** Up to {@code max} bytes starting at {@code offset}; fewer only at the end. */
    byte[] read(long offset, int max);
}
