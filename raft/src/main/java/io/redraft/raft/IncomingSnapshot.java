package io.redraft.raft;

/** A snapshot a follower is receiving: which one, how many contiguous bytes so far, and from whom. */
final class IncomingSnapshot {
    final long index;
    final long term;
    /** Sender and its term: another leader's bytes for the same snapshot may differ, so never mix them. */
    final int sender;
    final long senderTerm;
    long received;
    /** Last chunk handed to the application; waiting for {@link RaftNode#snapshotInstalled}. */
    boolean installing;
    int leader;
    long msgId;

    IncomingSnapshot(long index, long term, int sender, long senderTerm) {
        this.index = index;
        this.term = term;
        this.sender = sender;
        this.senderTerm = senderTerm;
    }

    boolean sameTransfer(InstallSnapshotRequest m) {
        return index == m.snapshotIndex() && term == m.snapshotTerm() && sender == m.from() && senderTerm == m.term();
    }
}
