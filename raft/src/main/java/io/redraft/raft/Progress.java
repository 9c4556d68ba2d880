package io.redraft.raft;

/**
 * The leader's view of one follower (etcd's {@code tracker/progress.go}). In PROBE one
 * AppendEntries is outstanding at a time while the leader searches for the match point; in
 * REPLICATE entries are pipelined up to the inflight window; in SNAPSHOT the follower is behind
 * the compaction point and receives the snapshot in chunks.
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    final int id;
    long match;
    long next;
    State state = State.PROBE;
    /** PROBE: an AppendEntries is outstanding; wait for its answer or the next heartbeat reply. */
    boolean probeSent;
    Inflights inflights;
    /** Heard from since the last check-quorum round (thesis §6.2). */
    boolean recentActive;
    /**
     * The transport saw this follower take in a message still on its way since the previous
     * periodic heartbeat: what is in flight is moving, not lost, so it is not resent.
     */
    boolean inTransit;
    /** Highest heartbeat round this follower acknowledged in the current term (ReadIndex). */
    long ackedMsgId;
    /** Match index at the previous heartbeat, to detect a stalled pipeline and retransmit. */
    long matchAtLastHeartbeat;
    /** The highest commit index sent to this follower, so that one is not told it twice. */
    long commitSent;

    // SNAPSHOT state: the transfer in progress
    long snapshotIndex;
    long snapshotTerm;
    long snapshotSize;
    long snapshotSentOffset;
    long snapshotAckedOffset;
    long snapshotAckedAtLastHeartbeat;
    long snapshotRewoundAt = -1;
    final java.util.ArrayDeque<Long> chunkEnds = new java.util.ArrayDeque<>();

    Progress(int id, long next, int maxInflight) {
        this.id = id;
        this.next = next;
        this.inflights = new Inflights(maxInflight);
    }

    /** {@code commit} was sent to the follower. */
    void commitSent(long commit) {
        commitSent = Math.max(commitSent, commit);
    }

    /**
     * An AppendEntries reaching {@code sentTo} left. Pipelining in REPLICATE: assume delivery and
     * move on (a rejection or a stall sends us back to PROBE); in PROBE wait for the answer.
     */
    void appendSent(long sentTo) {
        if (state == State.REPLICATE) {
            next = sentTo + 1;
            inflights.add(sentTo);
        } else {
            probeSent = true;
        }
    }

    /** PROBE: the outstanding probe is answered or presumed lost; the next one may go. */
    void resumeProbe() {
        probeSent = false;
    }

    /** A snapshot chunk ending at {@code end} left; after the last, nothing more until acknowledged or rewound. */
    void chunkSent(long end, boolean last) {
        snapshotSentOffset = end;
        chunkEnds.addLast(end);
        if (last) snapshotSentOffset = snapshotSize + 1;
    }

    /** The periodic heartbeat's stall check ran: remember where the follower stood. */
    void heartbeatChecked() {
        if (state == State.SNAPSHOT) snapshotAckedAtLastHeartbeat = snapshotAckedOffset;
        matchAtLastHeartbeat = match;
        inTransit = false;
    }

    /** The transport saw the follower take in a message still on its way (RaftNode.heardFrom). */
    void transportProgress() {
        recentActive = true;
        inTransit = true;
    }

    /** Check-quorum (thesis §6.2): the follower answered in this election timeout. */
    void heardFrom() {
        recentActive = true;
    }

    /** The follower installed the snapshot at {@code index} (§7): it matches at least there; probe on. */
    void snapshotInstalled(long index) {
        if (index > match) match = index;
        if (state == State.SNAPSHOT) becomeProbe();
    }

    /** The follower holds the snapshot's bytes up to {@code offset}: slide the chunk window. */
    void chunksAcked(long offset) {
        if (offset > snapshotAckedOffset) snapshotAckedOffset = offset;
        while (!chunkEnds.isEmpty() && chunkEnds.peekFirst() <= offset) chunkEnds.pollFirst();
        if (snapshotSentOffset < snapshotAckedOffset) snapshotSentOffset = snapshotAckedOffset;
    }

    /** A new {@code append-req-max-count}: forget what is in flight and probe again. */
    void resizeWindow(int capacity) {
        inflights = new Inflights(capacity);
        if (state == State.REPLICATE) becomeProbe();
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    /** Records an acknowledged match; returns whether anything moved. */
    boolean maybeUpdate(long index) {
        boolean updated = false;
        if (index > match) {
            match = index;
            updated = true;
            probeSent = false;
        }
        if (next < index + 1) next = index + 1;
        return updated;
    }

    void becomeProbe() {
        long from = state == State.SNAPSHOT ? Math.max(match, snapshotIndex) : match;
        state = State.PROBE;
        next = from + 1;
        probeSent = false;
        inflights.reset();
        chunkEnds.clear();
    }

    /** PROBE with a next index found from a rejection hint (§5.3 optimisation). */
    void probeFrom(long nextIndex) {
        state = State.PROBE;
        next = Math.max(match + 1, nextIndex);
        probeSent = false;
        inflights.reset();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        next = match + 1;
        probeSent = false;
        inflights.reset();
    }

    void becomeSnapshot(SnapshotMeta meta, long size) {
        state = State.SNAPSHOT;
        snapshotIndex = meta.lastIndex();
        snapshotTerm = meta.lastTerm();
        snapshotSize = size;
        inflights.reset();
        rewindSnapshot(0);
        snapshotRewoundAt = -1;
    }

    /** Go-back-N: resend every chunk from {@code offset}. */
    void rewindSnapshot(long offset) {
        snapshotRewoundAt = offset;
        snapshotSentOffset = offset;
        snapshotAckedOffset = offset;
        snapshotAckedAtLastHeartbeat = offset;
        chunkEnds.clear();
    }

    String stateName() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    int inflightCount() {
        return state == State.SNAPSHOT ? chunkEnds.size() : inflights.count();
    }
}
