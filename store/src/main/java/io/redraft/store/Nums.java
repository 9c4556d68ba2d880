package io.redraft.store;

import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with Redis's exact acceptance rules (string2ll, strtod). */
public final class Nums {
    private Nums() {
    }

    /** As Redis's string2ll: optional '-', no '+', no leading zeros, no spaces, fits in a long. */
    public static boolean isLong(byte[] s) {
        return parseLongOr(s, null) != null;
    }

    public static long parseLong(byte[] s) {
        Long v = parseLongOr(s, null);
        if (v == null) {
            throw Errors.notInteger();
        }
        return v;
    }

    public static Long parseLongOr(byte[] s, Long dflt) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return dflt;
        }
        if (n == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean neg = false;
        if (s[0] == '-') {
            neg = true;
            i = 1;
            if (n == 1) {
                return dflt;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return dflt;
        }
        long v = 0; // accumulate negatively to reach Long.MIN_VALUE
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return dflt;
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                return dflt;
            }
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) {
                return dflt;
            }
            v = -v;
        }
        return v;
    }

    public static byte[] toBytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    public static double parseDouble(byte[] s) {
        Double d = parseDoubleOr(s);
        if (d == null) {
            throw Errors.notFloat();
        }
        return d;
    }

    /**
     * As Redis's string2d / strtod: decimal, exponent, hex and inf/infinity forms; no leading
     * space, no trailing garbage, NaN rejected. Null when invalid.
     */
    public static Double parseDoubleOr(byte[] b) {
        Double d = parseDoubleSyntax(b);
        if (d == null) {
            return null;
        }
        // strtod's ERANGE: overflow to +-HUGE_VAL or underflow to zero are rejected by string2d
        if (d.isInfinite() && !isInfText(b)) {
            return null;
        }
        if (d == 0 && hasNonZeroMantissa(b)) {
            return null;
        }
        return d;
    }

    private static boolean isInfText(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return s.contains("inf");
    }

    private static boolean hasNonZeroMantissa(byte[] b) {
        for (byte x : b) {
            if (x == 'e' || x == 'E' || x == 'p' || x == 'P') {
                break;
            }
            if (x >= '1' && x <= '9') {
                return true;
            }
        }
        return false;
    }

    /**
     * Like strtod over the whole text: the value if the syntax is valid (overflowing values
     * come back infinite), else null. No range rules applied.
     */
    public static Double parseDoubleSyntax(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 5 * 1024) {
            return null;
        }
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String rest = s.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.startsWith("0x")) {
            return parseHex(rest.substring(2), neg);
        }
        // [digits][.digits][e[+-]digits] with at least one mantissa digit
        int p = 0;
        int digits = 0;
        while (p < rest.length() && Character.isDigit(rest.charAt(p)) && rest.charAt(p) < 128) {
            p++;
            digits++;
        }
        if (p < rest.length() && rest.charAt(p) == '.') {
            p++;
            while (p < rest.length() && isAsciiDigit(rest.charAt(p))) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (p < rest.length() && rest.charAt(p) == 'e') {
            int q = p + 1;
            if (q < rest.length() && (rest.charAt(q) == '+' || rest.charAt(q) == '-')) {
                q++;
            }
            int expDigits = 0;
            while (q < rest.length() && isAsciiDigit(rest.charAt(q))) {
                q++;
                expDigits++;
            }
            if (expDigits > 0) {
                p = q;
            }
        }
        if (p != rest.length()) {
            return null;
        }
        double v = Double.parseDouble(rest);
        return neg ? -v : v;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static Double parseHex(String h, boolean neg) {
        if (h.isEmpty() || h.indexOf('p') == h.length() - 1) {
            return null;
        }
        for (int k = 0; k < h.length(); k++) {
            char c = h.charAt(k);
            if (!(isAsciiDigit(c) || (c >= 'a' && c <= 'f') || c == '.' || c == 'p' || c == '+' || c == '-')) {
                return null;
            }
        }
        try {
            double v = Double.parseDouble("0x" + (h.indexOf('p') >= 0 ? h : h + "p0"));
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
