package io.redraft.server.raft;

/** Counters of INFO raft_stats; node thread only. */
final class RaftStats {
    long appendreqReceived;
    long appendreqWithEntryReceived;
    long snapshotreqReceived;
}
