package io.redraft.server.cluster;

/** Counters of INFO raft_stats; node thread only. */
public final class RaftStats {
    private long appendreqReceived;
    private long appendreqWithEntryReceived;
    private long snapshotreqReceived;

    /** An AppendEntries request arrived ({@code withEntries}: not a bare heartbeat). */
    public void appendReceived(boolean withEntries) {
        appendreqReceived++;
        if (withEntries) appendreqWithEntryReceived++;
    }

    public void snapshotReceived() {
        snapshotreqReceived++;
    }

    long appendreqReceived() { return appendreqReceived; }
    long appendreqWithEntryReceived() { return appendreqWithEntryReceived; }
    long snapshotreqReceived() { return snapshotreqReceived; }
}
