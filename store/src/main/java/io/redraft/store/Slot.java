package io.redraft.store;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * One hash slot's keys: an open-addressing table (linear probing, backward-shift deletion)
 * holding key bytes and values in two parallel arrays, so a key costs 8 bytes per bucket
 * instead of a map node plus a wrapper. Key hashes are not stored: {@link Bytes#hashOf} is
 * recomputed on resize and when an order is built, which is cheaper than 4 bytes per key.
 *
 * <p>Everything whose order is observable (SCAN, KEYS, RANDOMKEY, snapshots) uses the key order
 * by {@link Bytes#compareTo}. It is built on demand as one {@code long} per key (unsigned hash
 * in the high half, bucket index in the low half) and kept only for SCAN and RANDOMKEY, which
 * come back to the same slot; a snapshot sorts without keeping the result, so the keyspace
 * does not grow by a key view after each snapshot. Adding or removing a key drops it.
 */
final class Slot {
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys = new byte[MIN_CAPACITY][];
    private RedisObject[] vals = new RedisObject[MIN_CAPACITY];
    private int size;
    /**
     * The cached key order (see the class comment). Built lazily, also while a snapshot writer
     * thread reads a slot the node thread shares with it: volatile so the array is published whole.
     */
    private volatile long[] order;
    /** Keys in this slot with an expiry; maintained by {@link Keyspace}. */
    int volatileKeys;
    /** The keyspace epoch this table was made in; see {@link Keyspace#freeze()}. */
    int epoch;

    /** A copy of the table for the live keyspace while the original stays in a snapshot view. */
    Slot copy() {
        Slot c = new Slot();
        c.keys = keys.clone();
        c.vals = vals.clone();
        c.size = size;
        c.order = order;
        c.volatileKeys = volatileKeys;
        return c;
    }

    /** Index of the key, or {@code -1 - insertionPoint} when absent. */
    private int find(int h, byte[] k) {
        int mask = keys.length - 1;
        int i = h & mask;
        byte[] at;
        while ((at = keys[i]) != null) {
            if (Arrays.equals(at, k)) {
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
        vals[i] = v;
        size++;
        order = null;
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
            int home = Bytes.hashOf(keys[j]) & mask;
            // Entry j may fill the hole if its home is not inside (hole, j] cyclically.
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                vals[hole] = vals[j];
                hole = j;
            }
        }
        keys[hole] = null;
        vals[hole] = null;
        size--;
        order = null;
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
        return old;
    }

    private void resize(int capacity) {
        byte[][] ok = keys;
        RedisObject[] ov = vals;
        keys = new byte[capacity][];
        vals = new RedisObject[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != null) {
                int i = Bytes.hashOf(ok[j]) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
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
                action.accept(Bytes.wrap(keys[i]), vals[i]);
            }
        }
    }

    /** Keys in (hash, bytes) order, without caching the order: for snapshots and tests. */
    Bytes[] sortedKeys() {
        long[] o = order;
        if (o == null) {
            o = buildOrder();
        }
        Bytes[] out = new Bytes[o.length];
        for (int i = 0; i < o.length; i++) {
            out[i] = keyAt(o[i]);
        }
        return out;
    }

    /**
     * The cached key order: entry {@code n} is the {@code n}-th key; read it with {@link #keyAt}
     * and {@link #valueAt}, its scan position is {@code entry >>> 32}. Callers must not modify it.
     */
    long[] order() {
        long[] o = order;
        if (o == null) {
            o = buildOrder();
            order = o;
        }
        return o;
    }

    Bytes keyAt(long entry) {
        return Bytes.wrap(keys[(int) entry], (int) (entry >>> 32));
    }

    RedisObject valueAt(long entry) {
        return vals[(int) entry];
    }

    private long[] buildOrder() {
        long[] o = new long[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                o[n++] = ((long) Bytes.hashOf(keys[i]) << 32) | i;
            }
        }
        // Signed longs with the hash in the high half would sort negative hashes first: flip the
        // sign bit so the order is by unsigned hash, as Bytes.compareTo and SCAN cursors use.
        for (int i = 0; i < n; i++) {
            o[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(o);
        for (int i = 0; i < n; i++) {
            o[i] ^= Long.MIN_VALUE;
        }
        // Equal hashes (rare) are ordered by bytes, not by bucket index, which depends on history.
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && (o[j] >>> 32) == (o[i] >>> 32)) {
                j++;
            }
            if (j - i > 1) {
                Long[] run = new Long[j - i];
                for (int r = 0; r < run.length; r++) {
                    run[r] = o[i + r];
                }
                Arrays.sort(run, (a, b) -> Arrays.compareUnsigned(keys[(int) (long) a], keys[(int) (long) b]));
                for (int r = 0; r < run.length; r++) {
                    o[i + r] = run[r];
                }
            }
            i = j;
        }
        return o;
    }

    /** Index in {@link #order} of the first key whose scan order is at least {@code pos}. */
    int firstAtOrAfter(long pos) {
        long[] o = order();
        int lo = 0, hi = o.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((o[mid] >>> 32) < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
