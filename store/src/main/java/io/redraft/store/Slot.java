package io.redraft.store;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One hash slot's keys: an open-addressing table (linear probing, backward-shift deletion)
 * holding key bytes, their hashes and values in parallel arrays, so a key costs about 12-20
 * bytes of table instead of a map node plus a wrapper. A sorted view (by
 * {@link Bytes#compareTo}) is built on demand for everything whose order is observable (SCAN,
 * KEYS, RANDOMKEY, sweeps, snapshots) and dropped when a key is added or removed.
 */
final class Slot {
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys = new byte[MIN_CAPACITY][];
    private int[] hashes = new int[MIN_CAPACITY];
    private RedisObject[] vals = new RedisObject[MIN_CAPACITY];
    private int size;
    /**
     * Built lazily, also while a snapshot writer thread reads a slot the node thread shares with
     * it: volatile so the array is published whole.
     */
    private volatile Bytes[] sorted;
    /** Keys in this slot with an expiry; maintained by {@link Keyspace}. */
    int volatileKeys;
    /** The keyspace epoch this table was made in; see {@link Keyspace#freeze()}. */
    int epoch;

    /** A copy of the table for the live keyspace while the original stays in a snapshot view. */
    Slot copy() {
        Slot c = new Slot();
        c.keys = keys.clone();
        c.hashes = hashes.clone();
        c.vals = vals.clone();
        c.size = size;
        c.sorted = sorted;
        c.volatileKeys = volatileKeys;
        return c;
    }

    /** Index of the key, or {@code -1 - insertionPoint} when absent. */
    private int find(int h, byte[] k) {
        int mask = keys.length - 1;
        int i = h & mask;
        while (keys[i] != null) {
            if (hashes[i] == h && Arrays.equals(keys[i], k)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1 - i;
    }

    RedisObject get(Bytes key) {
        int i = find(key.hashCode(), key.array());
        return i >= 0 ? vals[i] : null;
    }

    RedisObject put(Bytes key, RedisObject v) {
        int h = key.hashCode();
        int i = find(h, key.array());
        if (i >= 0) {
            RedisObject old = vals[i];
            vals[i] = v;
            return old;
        }
        if ((size + 1) * 4 > keys.length * 3) {
            resize(keys.length * 2);
            i = find(h, key.array());
        }
        i = -1 - i;
        keys[i] = key.array();
        hashes[i] = h;
        vals[i] = v;
        size++;
        sorted = null;
        return null;
    }

    RedisObject remove(Bytes key) {
        int i = find(key.hashCode(), key.array());
        if (i < 0) {
            return null;
        }
        RedisObject old = vals[i];
        int mask = keys.length - 1;
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // Entry j may fill the hole if its home is not inside (hole, j] cyclically.
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                hashes[hole] = hashes[j];
                vals[hole] = vals[j];
                hole = j;
            }
        }
        keys[hole] = null;
        hashes[hole] = 0;
        vals[hole] = null;
        size--;
        sorted = null;
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
        return old;
    }

    private void resize(int capacity) {
        byte[][] ok = keys;
        int[] oh = hashes;
        RedisObject[] ov = vals;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        vals = new RedisObject[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != null) {
                int i = oh[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
                hashes[i] = oh[j];
                vals[i] = ov[j];
            }
        }
    }

    int size() {
        return size;
    }

    /** Every entry in table order (not observable order): for digests and collecting. */
    void forEach(BiConsumer<Bytes, RedisObject> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(Bytes.wrap(keys[i], hashes[i]), vals[i]);
            }
        }
    }

    /** Keys in (hash, bytes) order; callers must not modify the array. */
    Bytes[] sortedKeys() {
        Bytes[] sorted = this.sorted;
        if (sorted == null) {
            Bytes[] out = new Bytes[size];
            int n = 0;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != null) {
                    out[n++] = Bytes.wrap(keys[i], hashes[i]);
                }
            }
            Arrays.sort(out);
            this.sorted = out;
            sorted = out;
        }
        return sorted;
    }

    /** Index in {@link #sortedKeys} of the first key whose scan order is at least {@code pos}. */
    int firstAtOrAfter(long pos) {
        Bytes[] ks = sortedKeys();
        int lo = 0, hi = ks.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ks[mid].scanOrder() < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
