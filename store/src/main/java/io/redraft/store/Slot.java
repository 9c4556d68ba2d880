package io.redraft.store;

import java.util.Arrays;
import java.util.HashMap;

/**
 * One hash slot's keys: a hash map for O(1) lookups, plus a sorted key array (by
 * {@link Bytes#compareTo}) built on demand for everything whose order is observable (SCAN,
 * KEYS, RANDOMKEY, sweeps, snapshots). The array is dropped when a key is added or removed,
 * so lookups and value updates never pay for the order.
 */
final class Slot {
    final HashMap<Bytes, RedisObject> map = new HashMap<>();
    private Bytes[] sorted;

    RedisObject get(Bytes key) {
        return map.get(key);
    }

    RedisObject put(Bytes key, RedisObject v) {
        RedisObject old = map.put(key, v);
        if (old == null) {
            sorted = null;
        }
        return old;
    }

    RedisObject remove(Bytes key) {
        RedisObject old = map.remove(key);
        if (old != null) {
            sorted = null;
        }
        return old;
    }

    int size() {
        return map.size();
    }

    /** Keys in (hash, bytes) order; callers must not modify the array. */
    Bytes[] sortedKeys() {
        if (sorted == null) {
            sorted = map.keySet().toArray(new Bytes[0]);
            Arrays.sort(sorted);
        }
        return sorted;
    }

    /** Index of the first key whose scan order is at least {@code pos}. */
    int firstAtOrAfter(long pos) {
        Bytes[] keys = sortedKeys();
        int lo = 0, hi = keys.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid].scanOrder() < pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
