package io.redraft.storage;

import io.redraft.raft.Entry;

/**
 * The most recent entries, contiguous and ending at the last written one, so that followers that
 * keep up are served without disk reads ({@code raft.log-max-cache-size}). A ring buffer, so a
 * lookup by index is one array access. Not thread-safe: the owning {@link DurableLog} guards it.
 */
final class EntryCache {
    private long maxBytes;
    private Entry[] ring = new Entry[64];
    private int head;
    private int size;
    private long bytes;

    EntryCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(Entry e) {
        if (size > 0 && last().index() + 1 != e.index()) clear();
        if (size == ring.length) grow();
        ring[(head + size) % ring.length] = e;
        size++;
        bytes += e.sizeBytes();
        while (maxBytes > 0 && bytes > maxBytes && size > 0) removeFirst();
    }

    /** {@code raft.log-max-cache-size} changed (CONFIG SET): a lower bound applies at once. */
    void setMaxBytes(long max) {
        maxBytes = max;
        while (maxBytes > 0 && bytes > maxBytes && size > 0) removeFirst();
    }

    Entry get(long index) {
        if (size == 0) return null;
        long first = ring[head].index();
        if (index < first || index >= first + size) return null;
        return ring[(int) ((head + (index - first)) % ring.length)];
    }

    /** Drops entries at and after {@code index}. */
    void truncateFrom(long index) {
        while (size > 0 && last().index() >= index) {
            int slot = (head + size - 1) % ring.length;
            bytes -= ring[slot].sizeBytes();
            ring[slot] = null;
            size--;
        }
    }

    /** Drops entries at and before {@code index}. */
    void dropThrough(long index) {
        while (size > 0 && ring[head].index() <= index) removeFirst();
    }

    void clear() {
        while (size > 0) removeFirst();
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    private Entry last() {
        return ring[(head + size - 1) % ring.length];
    }

    private void removeFirst() {
        bytes -= ring[head].sizeBytes();
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
    }

    private void grow() {
        Entry[] bigger = new Entry[ring.length * 2];
        for (int i = 0; i < size; i++) bigger[i] = ring[(head + i) % ring.length];
        ring = bigger;
        head = 0;
    }
}
