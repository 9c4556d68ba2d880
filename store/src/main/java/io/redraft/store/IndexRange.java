package io.redraft.store;

/**
 * An inclusive range [start, end] of positions in a list, sorted set, string or bitmap of
 * {@code len} elements, after Redis's negative-index rules (-1 is the last element). Redis has two
 * such rules, and a range given to the wrong one changes replies, so each has its own name.
 */
public record IndexRange(long start, long end) {
    public long count() {
        return end - start + 1;
    }

    /**
     * LRANGE, LTRIM, ZRANGE by rank: an end that is still negative after adding {@code len} makes
     * the range empty. Null when empty.
     */
    public static IndexRange ofElements(long start, long end, long len) {
        start = start < 0 ? Math.max(0, start + len) : start;
        end = end < 0 ? end + len : end;
        if (start > end || start >= len) {
            return null;
        }
        return new IndexRange(start, Math.min(end, len - 1));
    }

    /**
     * GETRANGE, BITCOUNT, BITPOS: both ends are clamped to 0 first, so a range that ends before
     * the start of the string still covers its first byte (GETRANGE "hello" 0 -10 is "h"). Null
     * when empty. (GETRANGE and BITCOUNT first answer empty when both ends are negative and
     * start > end; that check stays with them, since BITCOUNT makes it before parsing BIT|BYTE.)
     */
    public static IndexRange ofBytes(long start, long end, long len) {
        start = Math.max(0, start < 0 ? start + len : start);
        end = Math.min(Math.max(0, end < 0 ? end + len : end), len - 1);
        return start > end ? null : new IndexRange(start, end);
    }
}
