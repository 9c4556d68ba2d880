package io.redraft.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's log: what {@link LogStorage} holds durably plus the {@link UnstableLog} tail, with the
 * commit and apply positions (Raft §5.3, etcd's {@code log.go}).
 */
final class RaftLog {
    static final long UNKNOWN_TERM = -1;

    private final LogStorage storage;
    private final UnstableLog unstable;
    long committed;
    /** Highest index handed out in {@link Ready#committedEntries()}. */
    long applying;
    /** Highest index the application reported applied (via {@link RaftNode#advance}). */
    long applied;

    RaftLog(LogStorage storage) {
        this.storage = storage;
        long snap = storage.snapshot().lastIndex();
        this.unstable = new UnstableLog(storage.lastIndex() + 1);
        this.committed = Math.max(snap, Math.min(storage.hardState().commit(), storage.lastIndex()));
        this.applying = snap;
        this.applied = snap;
    }

    long firstIndex() {
        return storage.firstIndex();
    }

    long lastIndex() {
        // not storage.lastIndex(): storage may still hold a suffix we have since overwritten
        return unstable.isEmpty() ? unstable.offset - 1 : unstable.lastIndex();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Highest index known durable on this node: the leader's own vote in the commit count. */
    long stableIndex() {
        return unstable.isEmpty() ? lastIndex() : unstable.offset - 1;
    }

    long snapshotIndex() {
        return storage.snapshot().lastIndex();
    }

    /** Term of the entry at {@code index}, or {@link #UNKNOWN_TERM} if compacted or absent. */
    long term(long index) {
        if (index == 0) return 0;
        if (unstable.contains(index)) return unstable.get(index).term();
        if (index >= unstable.offset) return UNKNOWN_TERM;
        SnapshotMeta snap = storage.snapshot();
        if (index < snap.lastIndex() || index > storage.lastIndex()) return UNKNOWN_TERM;
        return index == snap.lastIndex() ? snap.lastTerm() : storage.term(index);
    }

    boolean matchTerm(long index, long term) {
        long t = term(index);
        return t != UNKNOWN_TERM && t == term;
    }

    /** Election restriction (§5.4.1): is a candidate's log at least as up-to-date as ours? */
    boolean isUpToDate(long lastIndex, long lastTerm) {
        long ourTerm = lastTerm();
        return lastTerm > ourTerm || (lastTerm == ourTerm && lastIndex >= lastIndex());
    }

    /** Entries in {@code [lo, hi)} up to {@code maxBytes}, the first always; {@code lo >= firstIndex()}. */
    List<Entry> entries(long lo, long hi, long maxBytes) {
        List<Entry> out = new ArrayList<>();
        if (lo >= hi) return out;
        if (lo < firstIndex()) throw new IllegalArgumentException("entries from " + lo + " compacted");
        long storageHi = Math.min(hi, unstable.offset);
        long used = 0;
        if (lo < storageHi) {
            List<Entry> stored = storage.entries(lo, storageHi, maxBytes);
            out.addAll(stored);
            for (Entry e : stored) used += e.sizeBytes();
            if (stored.size() < storageHi - lo) return out;
        }
        long ulo = Math.max(lo, unstable.offset);
        if (ulo < hi) unstable.slice(ulo, hi, maxBytes, used, out);
        return out;
    }

    /** Leader append (§5.3): entries follow the last one. */
    void append(List<Entry> batch) {
        if (batch.isEmpty()) return;
        unstable.truncateAndAppend(batch);
    }

    /**
     * Follower append: keeps what matches, overwrites from the first conflict (§5.3 step 3–4).
     * The caller has verified that no committed entry is overwritten.
     */
    void appendFrom(List<Entry> batch) {
        if (!batch.isEmpty()) unstable.truncateAndAppend(batch);
    }

    /**
     * First index in {@code batch} that is new or disagrees with the log, or 0 when all agree.
     * Entries whose term is no longer known (compacted) are committed, hence agree.
     */
    long findConflict(List<Entry> batch) {
        long last = lastIndex();
        for (Entry e : batch) {
            if (e.index() > last) return e.index();
            long t = term(e.index());
            if (t != UNKNOWN_TERM && t != e.term()) return e.index();
        }
        return 0;
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}: where a
     * follower's and the leader's logs may agree. Below the snapshot our terms are forgotten: if
     * the answer lies there, return an index under the compaction point, so that the leader falls
     * back to sending the snapshot (§7). (A follower never gets there: its snapshot is committed,
     * hence in the leader's log with a term no larger than the leader's prevLogTerm.)
     */
    long findConflictByTerm(long index, long term) {
        long floor = storage.snapshot().lastIndex();
        index = Math.min(index, lastIndex());
        while (index > floor) {
            long t = term(index);
            if (t == UNKNOWN_TERM || t <= term) return index;
            index--;
        }
        if (index == 0) return 0;
        if (index == floor && term(floor) <= term) return floor;
        return index - 1;
    }

    void commitTo(long index) {
        if (index > committed) {
            if (index > lastIndex()) throw new IllegalStateException("commit " + index + " beyond " + lastIndex());
            committed = index;
        }
    }

    /** Whether every appended entry has been reported durable. */
    boolean allPersisted() {
        return unstable.isEmpty();
    }

    void stableTo(long index, long term) {
        unstable.stableTo(index, term);
    }

    List<Entry> takeUnstable() {
        return unstable.takeNew();
    }

    boolean hasUnstable() {
        return unstable.hasNew();
    }

    boolean hasCommittedToApply() {
        return applying < Math.min(committed, stableIndex());
    }

    /** Committed, durable entries not yet handed out, at most {@code maxCount}; marks them handed out. */
    List<Entry> takeCommitted(long maxBytes, long maxCount) {
        long cap = maxCount > Long.MAX_VALUE - applying ? Long.MAX_VALUE : applying + maxCount;
        long hi = Math.min(Math.min(committed, stableIndex()), cap);
        if (applying >= hi) return List.of();
        List<Entry> out = entries(applying + 1, hi + 1, maxBytes);
        applying = out.get(out.size() - 1).index();
        return out;
    }

    void appliedTo(long index) {
        if (index > applied) applied = index;
    }

    /** A snapshot replaced the log: everything restarts after its last index. */
    void restore(SnapshotMeta meta) {
        unstable.restore(meta.lastIndex());
        committed = Math.max(committed, meta.lastIndex());
        applying = meta.lastIndex();
        applied = meta.lastIndex();
    }
}
