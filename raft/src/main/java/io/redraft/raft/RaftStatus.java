package io.redraft.raft;

import java.util.List;

/** A read-only picture of a node for {@code INFO raft}; {@code peers} is empty unless leader. */
public record RaftStatus(int id, Role role, long term, int leaderId, int votedFor, long commitIndex,
                         long lastApplied, long firstIndex, long lastIndex, SnapshotMeta snapshot,
                         ClusterConfig config, List<PeerStatus> peers, int transferTarget, boolean removed,
                         long refusedTruncations) {}
