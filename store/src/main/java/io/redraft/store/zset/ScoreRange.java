package io.redraft.store.zset;

import io.redraft.store.CommandError;
import io.redraft.store.Nums;

import java.nio.charset.StandardCharsets;

/** A score interval as ZRANGEBYSCORE takes it: "(" excludes, ±inf allowed. */
record ScoreRange(double min, double max, boolean minEx, boolean maxEx) {

    private static byte[] cString(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return java.util.Arrays.copyOf(b, i);
            }
        }
        return b;
    }

    boolean gteMin(double v) {
        return minEx ? v > min : v >= min;
    }

    boolean lteMax(double v) {
        return maxEx ? v < max : v <= max;
    }

    boolean isEmpty() {
        return min > max || (min == max && (minEx || maxEx));
    }

    static ScoreRange parse(byte[] min, byte[] max) {
        double[] lo = bound(min);
        double[] hi = bound(max);
        if (lo == null || hi == null) {
            throw new CommandError("ERR min or max is not a float");
        }
        return new ScoreRange(lo[0], hi[0], lo[1] != 0, hi[1] != 0);
    }

    /** zslParseRange's strtod: leading spaces allowed, empty means 0, NaN rejected. */
    private static double[] bound(byte[] b) {
        b = cString(b); // strtod reads the argument as a C string
        boolean ex = b.length > 0 && b[0] == '(';
        String s = new String(b, StandardCharsets.ISO_8859_1).substring(ex ? 1 : 0);
        if (s.isEmpty()) {
            return new double[]{0, ex ? 1 : 0};
        }
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++; // strtod skips C isspace()
        }
        String t = s.substring(i);
        if (t.isEmpty()) {
            return null;
        }
        Double d = Nums.parseDoubleSyntax(t.getBytes(StandardCharsets.ISO_8859_1));
        if (d == null || d.isNaN()) {
            return null;
        }
        return new double[]{d, ex ? 1 : 0};
    }
}
