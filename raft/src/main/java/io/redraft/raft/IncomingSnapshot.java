package io.redraft.raft;

/** A snapshot a follower is receiving: which one, how many contiguous bytes so far, and from whom. */
final class IncomingSnapshot {
    final long index;
    final long term;
    long received;
    /** Last chunk handed to the application; waiting for {@link RaftNode#snapshotInstalled}. */
    boolean installing;
    int leader;
    long msgId;

    IncomingSnapshot(long index, long term) {
        this.index = index;
        this.term = term;
    }
}
