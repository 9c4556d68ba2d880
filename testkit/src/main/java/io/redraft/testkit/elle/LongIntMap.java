package io.redraft.testkit.elle;

import java.util.Arrays;

/** An open-addressing map from long to non-negative int: 12 bytes a slot, no boxing. */
final class LongIntMap {
    private static final int MISSING = -1;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        // at most 3/4 full
        int cap = Integer.highestOneBit(Math.max(4, expected + expected / 3)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, MISSING);
        mask = cap - 1;
    }

    /** The value for {@code key}, or -1. */
    int get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (values[i] == MISSING) return MISSING;
            if (keys[i] == key) return values[i];
        }
    }

    boolean contains(long key) {
        return get(key) != MISSING;
    }

    /** Sets {@code key} to {@code value} unless present; returns the previous value or -1. */
    int putIfAbsent(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("negative value");
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (values[i] == MISSING) {
                keys[i] = key;
                values[i] = value;
                if (++size * 4L > keys.length * 3L) grow();
                return MISSING;
            }
            if (keys[i] == key) return values[i];
        }
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(values, MISSING);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) if (oldValues[i] != MISSING) putIfAbsent(oldKeys[i], oldValues[i]);
    }
}
