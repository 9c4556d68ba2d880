package io.redraft.raft;

/**
 * Snapshot bytes a follower received, to be written by the application at {@code offset} of the
 * snapshot being received. Chunks arrive in order, each exactly once per transfer attempt; a chunk
 * at offset 0 starts a new attempt (discard anything received before).
 */
public record SnapshotChunk(long snapshotIndex, long snapshotTerm, long offset, byte[] data, boolean last) {
    @Override
    public String toString() {
        return "SnapshotChunk{" + snapshotIndex + "@" + snapshotTerm + " off=" + offset + " len=" + data.length
                + (last ? " last" : "") + "}";
    }
}
