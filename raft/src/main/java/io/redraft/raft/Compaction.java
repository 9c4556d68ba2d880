package io.redraft.raft;

/**
 * Log compaction, Raft §7: decides when to ask the application for a snapshot (on request, as
 * {@code RAFT.DEBUG COMPACT}, or once the log since the last snapshot exceeds
 * {@code log-max-file-size}), and releases the log prefix once the application reports the
 * snapshot durable. One snapshot at a time.
 */
final class Compaction {
    private final Raft r;
    private boolean inProgress;
    private boolean requested;
    /** Approximate bytes of log since the last snapshot. */
    private long logBytes;
    private long logBytesAtRequest;
    /** A snapshot now durable, to hand out as {@link Ready#compaction()}. */
    SnapshotMeta done;

    Compaction(Raft raft) {
        this.r = raft;
    }

    void appended(Entry e) {
        logBytes += e.sizeBytes();
        if (r.cfg.compactionThresholdBytes() > 0 && e.sizeBytes() >= r.cfg.compactionThresholdBytes() / 2) {
            largeEntryIndex = Math.max(largeEntryIndex, e.index());
        }
    }

    /**
     * The last entry of half the threshold or more (#24: a 512 MB value). A snapshot the size
     * threshold asks for before it is applied cannot cover it, so storage would copy it whole into
     * the new log file (and sync it) only to drop the small prefix before it: seconds of disk on
     * every node for nothing. Snapshots wait until it is applied (also those the server asks for
     * when the log file is too big, and RAFT.DEBUG COMPACT); the snapshot then drops it.
     */
    private long largeEntryIndex;

    private boolean largeEntryUnapplied() {
        return r.log.applying < Math.min(largeEntryIndex, r.log.lastIndex());
    }

    /** An installed snapshot replaced the whole log. */
    void logReplaced() {
        logBytes = 0;
    }

    boolean request() {
        if (inProgress || r.log.applying <= snapshotIndex() || largeEntryUnapplied()) return false;
        requested = true;
        return true;
    }

    boolean due() {
        if (inProgress || r.removed) return false;
        boolean wanted = requested
                || (r.cfg.compactionThresholdBytes() > 0 && logBytes >= r.cfg.compactionThresholdBytes()
                        && !largeEntryUnapplied());
        return wanted && r.log.applying > snapshotIndex() && r.log.applying >= r.log.firstIndex();
    }

    /**
     * The snapshot to ask for now, or null: the state once this Ready's committed entries are
     * applied, with the configuration in effect at that index (§7: it goes into the snapshot).
     */
    SnapshotMeta takeRequest() {
        if (!due()) return null;
        long index = r.log.applying;
        requested = false;
        inProgress = true;
        logBytesAtRequest = logBytes;
        return new SnapshotMeta(index, r.log.term(index), r.configs.at(index));
    }

    void taken(SnapshotMeta meta) {
        inProgress = false;
        if (meta.lastIndex() <= snapshotIndex()) return; // overtaken by an installed snapshot
        logBytes = Math.max(0, logBytes - logBytesAtRequest);
        r.configs.compact(meta.lastIndex());
        done = meta;
    }

    boolean inProgress() {
        return inProgress;
    }

    void failed() {
        inProgress = false;
    }

    private long snapshotIndex() {
        return r.storage.snapshot().lastIndex();
    }
}
