package io.redraft.testkit.sim;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.LogStorage;
import io.redraft.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * What one simulated node has on disk: entries after the snapshot, term and vote, the snapshot
 * and its bytes. It outlives the node: a crash loses only the {@link SimDisk} writes not yet
 * completed, and a restarted node is rebuilt from this.
 */
final class DurableLog implements LogStorage {
    private final List<Entry> entries = new ArrayList<>();
    private SnapshotMeta snapshot = SnapshotMeta.EMPTY;
    private byte[] snapshotData = new byte[0];
    private HardState hardState = HardState.EMPTY;
    private SnapshotMeta saved;
    private byte[] savedData;

    @Override
    public long firstIndex() {
        return snapshot.lastIndex() + 1;
    }

    @Override
    public long lastIndex() {
        return snapshot.lastIndex() + entries.size();
    }

    @Override
    public long term(long index) {
        if (index == snapshot.lastIndex()) return snapshot.lastTerm();
        if (index < snapshot.lastIndex() || index > lastIndex()) {
            throw new IllegalArgumentException("term(" + index + ") outside [" + snapshot.lastIndex() + ", " + lastIndex() + "]");
        }
        return entries.get((int) (index - firstIndex())).term();
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        if (from < firstIndex() || to > lastIndex() + 1 || from > to) {
            throw new IllegalArgumentException("entries[" + from + ", " + to + ") outside [" + firstIndex() + ", " + (lastIndex() + 1) + ")");
        }
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = from; i < to; i++) {
            Entry e = entries.get((int) (i - firstIndex()));
            bytes += e.sizeBytes();
            if (!out.isEmpty() && bytes > maxBytes) break;
            out.add(e);
        }
        return out;
    }

    @Override
    public SnapshotMeta snapshot() {
        return snapshot;
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    byte[] snapshotData() {
        return snapshotData;
    }

    Entry entry(long index) {
        return entries.get((int) (index - firstIndex()));
    }

    /** Appends, first truncating any conflicting suffix (Raft §5.3: the leader's log wins). */
    void append(List<Entry> batch) {
        if (batch.isEmpty()) return;
        long first = batch.get(0).index();
        if (first > lastIndex() + 1) throw new IllegalStateException("gap: appending " + first + " after " + lastIndex());
        if (first <= snapshot.lastIndex()) throw new IllegalStateException("appending " + first + " inside the snapshot up to " + snapshot.lastIndex());
        while (lastIndex() >= first) entries.remove(entries.size() - 1);
        entries.addAll(batch);
    }

    void hardState(HardState hs) {
        this.hardState = hs;
    }

    /** A snapshot received from the leader replaces the whole log (Raft §7). */
    void installSnapshot(SnapshotMeta meta, byte[] data) {
        entries.clear();
        // Whatever a snapshot covers is committed; a restart must not forget that.
        if (hardState.commit() < meta.lastIndex()) {
            hardState = new HardState(hardState.term(), hardState.votedFor(), meta.lastIndex());
        }
        snapshot = meta;
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
        if (meta.lastIndex() <= snapshot.lastIndex()) return;
        if (saved == null || saved.lastIndex() != meta.lastIndex()) {
            throw new IllegalStateException("compaction to " + meta.lastIndex() + " without a saved snapshot there (saved: "
                    + (saved == null ? "none" : saved.lastIndex()) + ", current: " + snapshot.lastIndex() + ")");
        }
        int drop = (int) Math.min(entries.size(), meta.lastIndex() - snapshot.lastIndex());
        entries.subList(0, drop).clear();
        snapshot = saved;
        snapshotData = savedData;
        saved = null;
        savedData = null;
    }
}
