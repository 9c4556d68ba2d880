package io.redraft.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link LogStorage} kept in memory, for tests, the simulator and benchmarks. It is also a
 * reference for what a durable implementation must do with each {@link Ready} field:
 * {@link #apply(Ready)} does it all. Not thread-safe.
 */
public final class MemoryLogStorage implements LogStorage {
    private final ArrayList<Entry> entries = new ArrayList<>();
    private SnapshotMeta snapshot = SnapshotMeta.EMPTY;
    private HardState hardState = HardState.EMPTY;

    /**
     * Persists what {@code ready} asks to persist: hard state, entries, a compaction. It does not
     * install {@link Ready#snapshotToInstall()} (the application does that, then calls
     * {@link #installSnapshot}).
     */
    public void apply(Ready ready) {
        if (ready.hardState() != null) setHardState(ready.hardState());
        if (!ready.entries().isEmpty()) append(ready.entries());
        if (ready.compaction() != null) compact(ready.compaction());
    }

    public void setHardState(HardState hs) {
        hardState = hs;
    }

    /** Appends {@code batch}, first discarding any entries at or after its first index. */
    public void append(List<Entry> batch) {
        if (batch.isEmpty()) return;
        long first = batch.get(0).index();
        if (first <= snapshot.lastIndex()) {
            throw new IllegalArgumentException("append at " + first + " below snapshot " + snapshot.lastIndex());
        }
        if (first > lastIndex() + 1) {
            throw new IllegalArgumentException("gap: append at " + first + " after last " + lastIndex());
        }
        int keep = (int) (first - firstIndex());
        while (entries.size() > keep) entries.remove(entries.size() - 1);
        entries.addAll(batch);
    }

    /** Records {@code meta} as the latest snapshot and drops the entries it covers. */
    public void compact(SnapshotMeta meta) {
        if (meta.lastIndex() <= snapshot.lastIndex()) return;
        int drop = (int) Math.min(entries.size(), meta.lastIndex() - snapshot.lastIndex());
        entries.subList(0, drop).clear();
        snapshot = meta;
    }

    /** Replaces the whole log by an installed snapshot (follower side of Raft §7). */
    public void installSnapshot(SnapshotMeta meta) {
        entries.clear();
        snapshot = meta;
        if (hardState.commit() < meta.lastIndex()) {
            hardState = new HardState(hardState.term(), hardState.votedFor(), meta.lastIndex());
        }
    }

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
            throw new IndexOutOfBoundsException("term(" + index + ") outside [" + snapshot.lastIndex() + ", "
                    + lastIndex() + "]");
        }
        return entries.get((int) (index - firstIndex())).term();
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        if (from < firstIndex() || to > lastIndex() + 1) {
            throw new IndexOutOfBoundsException("entries(" + from + ", " + to + ") outside [" + firstIndex() + ", "
                    + (lastIndex() + 1) + ")");
        }
        List<Entry> out = new ArrayList<>();
        long size = 0;
        for (long i = from; i < to; i++) {
            Entry e = entries.get((int) (i - firstIndex()));
            size += e.sizeBytes();
            if (!out.isEmpty() && size > maxBytes) break;
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
}
