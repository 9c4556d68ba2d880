package io.redraft.raft;

import java.util.List;
import java.util.random.RandomGenerator;

/** The Raft state machine behind {@link RaftNode}. Stub while the API settles. */
final class Raft {
    Raft(RaftConfig config, LogStorage storage, RandomGenerator random) {}

    void bootstrap(String address) { throw new UnsupportedOperationException(); }
    void tick() {}
    void step(RaftMessage m) {}
    long propose(List<byte[]> batch) { throw new RaftException(RaftError.NOT_LEADER); }
    long proposeConfChange(ConfChange change) { throw new RaftException(RaftError.NOT_LEADER); }
    int newNodeId() { return 1; }
    void readIndex(long requestId) { throw new RaftException(RaftError.NOT_LEADER); }
    int transferLeadership(int target) { throw new RaftException(RaftError.NOT_LEADER); }
    boolean requestCompaction() { return false; }
    void setSnapshotSource(SnapshotSource source) {}
    void snapshotTaken(SnapshotMeta meta) {}
    void snapshotFailed() {}
    void snapshotInstalled(SnapshotMeta meta) {}
    boolean hasReady() { return false; }
    Ready ready() { return null; }
    void advance(Ready ready) {}
    void persisted(long index, long term) {}
    int id() { return 0; }
    Role role() { return Role.FOLLOWER; }
    long term() { return 0; }
    int leaderId() { return 0; }
    int votedFor() { return 0; }
    long commitIndex() { return 0; }
    long lastApplied() { return 0; }
    long lastIndex() { return 0; }
    ClusterConfig config() { return ClusterConfig.EMPTY; }
    boolean isRemoved() { return false; }
    boolean isReadyToServe() { return false; }
    long refusedTruncations() { return 0; }
    RaftStatus status() { return null; }
}
