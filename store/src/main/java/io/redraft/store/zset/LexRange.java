package io.redraft.store.zset;

import io.redraft.store.Bytes;
import io.redraft.store.CommandError;

import java.util.Arrays;

/** A lexicographic interval as ZRANGEBYLEX takes it: "[x" / "(x" / "-" / "+". */
record LexRange(byte[] min, byte[] max, boolean minEx, boolean maxEx, int minInf, int maxInf) {
    // minInf/maxInf: -1 for "-", +1 for "+", 0 for a real bound

    static LexRange parse(byte[] min, byte[] max) {
        Object[] a = item(min);
        Object[] b = item(max);
        if (a == null || b == null) {
            throw new CommandError("ERR min or max not valid string range item");
        }
        return new LexRange((byte[]) a[0], (byte[]) b[0], (Boolean) a[1], (Boolean) b[1], (Integer) a[2],
                (Integer) b[2]);
    }

    private static Object[] item(byte[] b) {
        if (b.length == 0) {
            return null;
        }
        return switch (b[0]) {
            case '+' -> b.length == 1 ? new Object[]{null, false, 1} : null;
            case '-' -> b.length == 1 ? new Object[]{null, false, -1} : null;
            case '(' -> new Object[]{Arrays.copyOfRange(b, 1, b.length), true, 0};
            case '[' -> new Object[]{Arrays.copyOfRange(b, 1, b.length), false, 0};
            default -> null;
        };
    }

    private static int cmp(byte[] v, byte[] bound, int inf) {
        if (inf != 0) {
            return -inf; // v < "+" and v > "-"
        }
        return Arrays.compareUnsigned(v, bound);
    }

    boolean gteMin(Bytes v) {
        int c = cmp(v.array(), min, minInf);
        return minEx ? c > 0 : c >= 0;
    }

    boolean lteMax(Bytes v) {
        int c = cmp(v.array(), max, maxInf);
        return maxEx ? c < 0 : c <= 0;
    }
}
