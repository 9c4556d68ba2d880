package io.redraft.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Entries appended but not yet reported durable (etcd's {@code log_unstable.go}). They start at
 * {@code offset}; storage may still hold older entries at those indices (about to be overwritten).
 * {@code inProgress} is the last index already handed to the caller in a {@link Ready}.
 */
final class UnstableLog {
    long offset;
    long inProgress;
    private final ArrayList<Entry> entries = new ArrayList<>();

    UnstableLog(long offset) {
        this.offset = offset;
        this.inProgress = offset - 1;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    long lastIndex() {
        return offset + entries.size() - 1;
    }

    boolean contains(long index) {
        return index >= offset && index < offset + entries.size();
    }

    Entry get(long index) {
        return entries.get((int) (index - offset));
    }

    /** Appends, first discarding unstable entries at or after {@code batch}'s first index. */
    void truncateAndAppend(List<Entry> batch) {
        long first = batch.get(0).index();
        if (first == offset + entries.size()) {
            entries.addAll(batch);
        } else if (first <= offset) {
            offset = first;
            entries.clear();
            entries.addAll(batch);
        } else {
            entries.subList((int) (first - offset), entries.size()).clear();
            entries.addAll(batch);
        }
        inProgress = Math.min(inProgress, first - 1);
    }

    /** Entries up to {@code index} are durable, unless that entry was overwritten meanwhile. */
    void stableTo(long index, long term) {
        if (!contains(index) || get(index).term() != term) return;
        entries.subList(0, (int) (index - offset + 1)).clear();
        offset = index + 1;
        inProgress = Math.max(inProgress, index);
    }

    /** Entries not yet handed out; marks them handed out. */
    List<Entry> takeNew() {
        long from = Math.max(inProgress + 1, offset);
        if (entries.isEmpty() || from > lastIndex()) return List.of();
        List<Entry> out = new ArrayList<>(entries.subList((int) (from - offset), entries.size()));
        inProgress = lastIndex();
        return out;
    }

    boolean hasNew() {
        return !entries.isEmpty() && Math.max(inProgress + 1, offset) <= lastIndex();
    }

    /** Entries in {@code [lo, hi)}, all within this log, up to {@code maxBytes} (first always). */
    void slice(long lo, long hi, long maxBytes, long usedBytes, List<Entry> out) {
        long size = usedBytes;
        for (long i = lo; i < hi; i++) {
            Entry e = get(i);
            size += e.sizeBytes();
            if (!out.isEmpty() && size > maxBytes) return;
            out.add(e);
        }
    }

    /** Drops everything; the log restarts after {@code index} (snapshot installed). */
    void restore(long index) {
        entries.clear();
        offset = index + 1;
        inProgress = index;
    }
}
