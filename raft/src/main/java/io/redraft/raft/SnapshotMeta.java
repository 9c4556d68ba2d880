package io.redraft.raft;

/**
 * What a snapshot covers: every entry up to and including {@code lastIndex}, plus the cluster
 * configuration as of that entry (Raft §7: the snapshot carries the latest configuration).
 *
 * @param lastIndex index of the last entry the snapshot replaces
 * @param lastTerm  term of that entry
 * @param config    membership as of {@code lastIndex}
 */
public record SnapshotMeta(long lastIndex, long lastTerm, ClusterConfig config) {
    public static final SnapshotMeta EMPTY = new SnapshotMeta(0, 0, ClusterConfig.EMPTY);
}
