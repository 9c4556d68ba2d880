package io.redraft.resp;

/**
 * Redis's strict integer syntax ({@code string2ll} in util.c): optional '-', no '+', no leading
 * zeros, no spaces, at most 20 characters, must fit a signed 64-bit integer. Protocol lengths and
 * integer arguments alike are read this way, so "01" or "+1" are not numbers.
 */
public final class RedisNumbers {
    /** Characters in the longest accepted text ({@code LONG_STR_SIZE} - 1). */
    private static final int MAX_CHARS = 20;

    private RedisNumbers() {}

    /** Returns true and stores the value in {@code out[0]} when {@code b[off, off+len)} is a strict integer. */
    public static boolean parseLong(byte[] b, int off, int len, long[] out) {
        if (len == 0 || len > MAX_CHARS) return false;
        if (len == 1 && b[off] == '0') {
            out[0] = 0;
            return true;
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (b[i] == '-') {
            negative = true;
            if (++i == end) return false;
        }
        if (b[i] < '1' || b[i] > '9') return false;
        long v = 0; // accumulated as a negative number so that Long.MIN_VALUE fits
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return false;
            if (v < (Long.MIN_VALUE + d) / 10) return false;
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) return false;
            v = -v;
        }
        out[0] = v;
        return true;
    }

    public static boolean parseLong(byte[] b, long[] out) {
        return parseLong(b, 0, b.length, out);
    }
}
