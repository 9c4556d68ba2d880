package io.redraft.testkit.sim;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.LogStorage;
import io.redraft.raft.MemoryLogStorage;
import io.redraft.raft.SnapshotMeta;
import java.util.List;

/**
 * What one simulated node has on disk: entries after the snapshot, term and vote, the snapshot
 * and its bytes. It outlives the node: a crash loses only the {@link SimDisk} writes not yet
 * completed, and a restarted node is rebuilt from this. The log itself is the core's
 * {@link MemoryLogStorage}; this adds the snapshot bytes and the two-step compaction of a disk
 * (save the snapshot file, then adopt it).
 */
final class DurableLog implements LogStorage {
    private final MemoryLogStorage log = new MemoryLogStorage();
    private byte[] snapshotData = new byte[0];
    private SnapshotMeta saved;
    private byte[] savedData;

    @Override
    public long firstIndex() {
        return log.firstIndex();
    }

    @Override
    public long lastIndex() {
        return log.lastIndex();
    }

    @Override
    public long term(long index) {
        return log.term(index);
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        return log.entries(from, to, maxBytes);
    }

    @Override
    public SnapshotMeta snapshot() {
        return log.snapshot();
    }

    @Override
    public HardState hardState() {
        return log.hardState();
    }

    byte[] snapshotData() {
        return snapshotData;
    }

    Entry entry(long index) {
        return log.entries(index, index + 1, Long.MAX_VALUE).get(0);
    }

    /** Appends, first truncating any conflicting suffix (Raft §5.3: the leader's log wins). */
    void append(List<Entry> batch) {
        log.append(batch);
    }

    void hardState(HardState hs) {
        log.setHardState(hs);
    }

    /** A snapshot received from the leader replaces the whole log (Raft §7); what it covers is committed. */
    void installSnapshot(SnapshotMeta meta, byte[] data) {
        log.installSnapshot(meta);
        snapshotData = data;
        saved = null;
        savedData = null;
    }

    /** A snapshot of this node's own state machine is on disk; {@link #compact} will adopt it. */
    void saveSnapshot(SnapshotMeta meta, byte[] data) {
        saved = meta;
        savedData = data;
    }

    /** Adopts the saved snapshot as the latest one and drops the log prefix it covers. */
    void compact(SnapshotMeta meta) {
        // A snapshot received from the leader may have overtaken our own while it was being
        // written: compacting to an older point is then a no-op.
        if (meta.lastIndex() <= log.snapshot().lastIndex()) return;
        if (saved == null || saved.lastIndex() != meta.lastIndex()) {
            throw new IllegalStateException("compaction to " + meta.lastIndex() + " without a saved snapshot there (saved: "
                    + (saved == null ? "none" : saved.lastIndex()) + ", current: " + log.snapshot().lastIndex() + ")");
        }
        log.compact(saved);
        snapshotData = savedData;
        saved = null;
        savedData = null;
    }
}
