package io.redraft.raft;

/**
 * AppendEntries sent to one follower and not yet acknowledged, remembered by the last index each
 * carried (etcd's {@code tracker/inflights.go}). Bounded by {@code append-req-max-count}: a full
 * window pauses the pipeline until an acknowledgement frees a slot.
 */
final class Inflights {
    private final long[] ring;
    private int start;
    private int count;

    Inflights(int capacity) {
        ring = new long[capacity];
    }

    boolean full() {
        return count == ring.length;
    }

    int count() {
        return count;
    }

    void add(long lastIndex) {
        if (full()) throw new IllegalStateException("inflight window full");
        ring[(start + count) % ring.length] = lastIndex;
        count++;
    }

    /** Frees every message whose last index is at or below {@code index}. */
    void freeLE(long index) {
        while (count > 0 && ring[start] <= index) {
            start = (start + 1) % ring.length;
            count--;
        }
    }

    void freeFirstOne() {
        if (count > 0) {
            start = (start + 1) % ring.length;
            count--;
        }
    }

    void reset() {
        start = 0;
        count = 0;
    }
}
