package io.redraft.testkit.sim;

import io.redraft.raft.Entry;
import java.util.Arrays;

/**
 * The simulator's copy of one node's log as the node has asked for it to be written, reduced to
 * terms and chained hashes: hash(i) covers every entry up to i, so two logs agree on a whole
 * prefix iff they agree on one number (how Log Matching is checked in O(1)).
 */
final class ShadowLog {
    private long base;          // index covered by the snapshot; entries start at base + 1
    private long baseTerm;
    private long baseHash;
    private long[] terms = new long[64];
    private long[] hashes = new long[64];
    private int size;

    long lastIndex() {
        return base + size;
    }

    long base() {
        return base;
    }

    boolean has(long index) {
        return index > base && index <= lastIndex();
    }

    long term(long index) {
        return index == base ? baseTerm : terms[(int) (index - base - 1)];
    }

    long hash(long index) {
        return index == base ? baseHash : hashes[(int) (index - base - 1)];
    }

    /** Replaces everything from {@code e.index()} on with {@code e}. */
    void put(Entry e) {
        long i = e.index();
        if (i <= base || i > lastIndex() + 1) throw new IllegalStateException("entry " + i + " not adjacent to [" + base + ", " + lastIndex() + "]");
        size = (int) (i - base - 1);
        long prev = hash(i - 1);
        if (size == terms.length) {
            terms = Arrays.copyOf(terms, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        terms[size] = e.term();
        hashes[size] = chain(prev, e);
        size++;
    }

    /** Drops entries after {@code index}. */
    void truncateAfter(long index) {
        size = (int) Math.max(0, Math.min(size, index - base));
    }

    /** Starts over from a snapshot whose last entry has the given term and chained hash. */
    void reset(long index, long term, long hash) {
        base = index;
        baseTerm = term;
        baseHash = hash;
        size = 0;
    }

    /** Drops entries up to {@code index}, keeping the rest (local compaction). */
    void compact(long index) {
        if (index <= base) return;
        long t = term(index);
        long h = hash(index);
        int drop = (int) (index - base);
        System.arraycopy(terms, drop, terms, 0, size - drop);
        System.arraycopy(hashes, drop, hashes, 0, size - drop);
        size -= drop;
        base = index;
        baseTerm = t;
        baseHash = h;
    }

    static long chain(long prev, Entry e) {
        long h = prev * 0x9E3779B97F4A7C15L + e.index();
        h = mix(h ^ e.term() * 0xC2B2AE3D27D4EB4FL);
        h = mix(h ^ e.type().code());
        return mix(h ^ Arrays.hashCode(e.data()));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
