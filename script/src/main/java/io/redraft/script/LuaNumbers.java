package io.redraft.script;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as Lua 5.1 prints them ({@code LUA_NUMBER_FMT "%.14g"}): tostring, the arguments of
 * redis.call, cjson's encoder. LuaJ prints doubles through Float.toString, which loses digits.
 */
final class LuaNumbers {
    private LuaNumbers() {
    }

    static String g14(double d) {
        return g(d, 14);
    }

    /** C's {@code %.<precision>g}, with glibc's spellings of the special values. */
    static String g(double d, int precision) {
        if (Double.isNaN(d)) {
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15 && precision >= 15) {
            return Long.toString((long) d);
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        String digits = rounded.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - rounded.scale();
        StringBuilder sb = new StringBuilder(24);
        if (rounded.signum() < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= precision) {
            String mant = stripZeros(digits.charAt(0) + "." + digits.substring(1));
            sb.append(mant).append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
        } else if (exp >= 0) {
            String intPart = digits.length() > exp + 1 ? digits.substring(0, exp + 1)
                    : digits + "0".repeat(exp + 1 - digits.length());
            String frac = digits.length() > exp + 1 ? digits.substring(exp + 1) : "";
            sb.append(stripZeros(frac.isEmpty() ? intPart : intPart + "." + frac));
        } else {
            sb.append(stripZeros("0." + "0".repeat(-exp - 1) + digits));
        }
        return sb.toString();
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }
}
