package io.redraft.server.ops;

import io.redraft.raft.Entry;
import io.redraft.raft.RaftNode;
import io.redraft.raft.Role;
import java.util.List;

/**
 * Where the Raft glue reports what only it sees happen: an entry proposed, an index learned
 * committed, an entry applied, a new election, a new leader. Node thread only.
 *
 * <p>Indexes grow, so two rings of (index, time) pairs suffice: proposals waiting for their
 * commit, and commit stamps waiting for their apply. Both are bounded: when full, the oldest pair
 * is dropped and that one entry goes unmeasured, never the node's memory.
 */
public final class RaftTimings {
    private static final int CAPACITY = 1 << 14;

    private final Metrics metrics;
    private final Ring proposed = new Ring();
    private final Ring committed = new Ring();
    private long commitSeen;
    private long electionTerm;
    private int lastLeader;
    private final HeartbeatRtt heartbeats;
    /** Reads the current Ready confirmed: one ReadIndex batch, observed once the Ready is advanced. */
    private long readsConfirmed;
    long elections;
    long leaderChanges;

    RaftTimings(Metrics metrics) {
        this.metrics = metrics;
        this.heartbeats = new HeartbeatRtt(metrics);
    }

    /** What times the leader's heartbeats, watching the peer links' traffic. */
    public HeartbeatRtt heartbeats() {
        return heartbeats;
    }

    /** A read's ReadIndex round was confirmed (in the Ready being handled). */
    public void readConfirmed() {
        if (metrics.enabled()) readsConfirmed++;
    }

    /** The leader proposed the entry at {@code index}. */
    public void proposed(long index) {
        if (metrics.enabled()) proposed.add(index, System.nanoTime());
    }

    /** Committed entries are about to be applied. */
    public void applying(RaftNode raft, List<Entry> entries) {
        if (!metrics.enabled()) return;
        long now = System.nanoTime();
        commitAdvanced(raft.commitIndex(), now);
        for (Entry e : entries) {
            while (!committed.isEmpty() && committed.headIndex() < e.index()) committed.pop();
            if (!committed.isEmpty()) metrics.committedApplied(now - committed.headTime());
        }
    }

    /** A Ready was handled: commit index, role, term and leader may have moved. */
    public void afterReady(RaftNode raft) {
        if (!metrics.enabled() || raft == null) return;
        if (readsConfirmed > 0) {
            metrics.readIndexBatch(readsConfirmed);
            readsConfirmed = 0;
        }
        commitAdvanced(raft.commitIndex(), System.nanoTime());
        if (raft.role() == Role.CANDIDATE && raft.term() > electionTerm) {
            electionTerm = raft.term();
            elections++;
        }
        int leader = raft.leaderId();
        if (leader != 0 && leader != lastLeader) {
            if (lastLeader != 0) leaderChanges++;
            lastLeader = leader;
        }
        if (raft.role() != Role.LEADER) proposed.clear(); // a deposed leader's proposals are not ours to time
    }

    private void commitAdvanced(long commit, long now) {
        if (commit <= commitSeen) return;
        // One stamp covers every index up to the new commit: those learned committed at this instant.
        committed.add(commit, now);
        commitSeen = commit;
        while (!proposed.isEmpty() && proposed.headIndex() <= commit) {
            metrics.proposalCommitted(now - proposed.headTime());
            proposed.pop();
        }
    }

    /** (index, nanoTime) pairs in index order. */
    private static final class Ring {
        private final long[] index = new long[CAPACITY];
        private final long[] time = new long[CAPACITY];
        private int head, size;

        void add(long i, long t) {
            if (size == CAPACITY) pop();
            int at = (head + size) & (CAPACITY - 1);
            index[at] = i;
            time[at] = t;
            size++;
        }

        boolean isEmpty() { return size == 0; }
        long headIndex() { return index[head]; }
        long headTime() { return time[head]; }

        void pop() {
            head = (head + 1) & (CAPACITY - 1);
            size--;
        }

        void clear() {
            head = 0;
            size = 0;
        }
    }
}
