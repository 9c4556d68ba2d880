package io.redraft.store.string;

import io.redraft.store.Nums;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * INCRBYFLOAT arithmetic as Redis does it on x86-64: in C {@code long double} (80-bit, 64-bit
 * mantissa), printed with {@code %.17Lf} and trailing zeros removed. Java has no long double,
 * so values are exact BigDecimals rounded to a 64-bit binary mantissa after every operation,
 * which reproduces the hardware's results bit for bit.
 */
public final class LongDouble {
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final double LOG2_10 = 3.321928094887362;
    /** LDBL_MAX ≈ 1.18973e4932; beyond it strtold reports overflow and additions give inf. */
    private static final BigDecimal MAX = new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
            .multiply(TWO.pow(16384 - 64));

    private LongDouble() {
    }

    /** As Redis's string2ld; null when not a valid (finite, in range) long double. */
    public static BigDecimal parse(byte[] b) {
        if (b.length == 0 || b.length >= 5 * 1024) {
            return null;
        }

        Double d = Nums.parseDoubleSyntax(b);
        if (d == null) {
            return null;
        }
        String s = new String(b, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        BigDecimal v;
        if (d.isInfinite() && (s.contains("inf"))) {
            return null; // inf parses but would make the sum infinite: caller reports that
        }
        if (s.contains("x")) {
            v = new BigDecimal(d);
        } else {
            try {
                v = new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                return null; // exponent beyond int: far outside long double, strtold says ERANGE
            }
        }
        if (v.signum() != 0) {
            // Far outside long double (max ~1.19e4932, min subnormal ~3.6e-4951): ERANGE, and
            // rounding such a value exactly would need gigantic powers of two.
            long exp10 = (long) v.precision() - v.scale() - 1;
            if (exp10 > 4933 || exp10 < -4952) {
                return null;
            }
        }
        v = round(v);
        if (v.abs().compareTo(MAX) > 0) {
            return null;
        }
        if (v.signum() == 0 && hasNonZeroDigit(s)) {
            return null; // underflow (ERANGE with zero)
        }
        return v;
    }

    /** True when the text is "inf"-like, which string2ld accepts but INCRBYFLOAT then rejects. */
    public static boolean isInfinity(byte[] b) {
        if (b.length == 0 || b.length >= 5 * 1024) {
            return false; // string2ld refuses these lengths before parsing anything
        }
        Double d = Nums.parseDoubleSyntax(b);
        String s = new String(b, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        return d != null && d.isInfinite() && s.contains("inf");
    }

    private static boolean hasNonZeroDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'e') {
                break;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** value + incr as Redis's reply text; NaN/Infinity error when the sum overflows. */
    public static byte[] add(BigDecimal value, BigDecimal incr) {
        BigDecimal sum = round(value.add(incr));
        if (overflows(sum)) {
            throw new io.redraft.store.CommandError("ERR increment would produce NaN or Infinity");
        }
        return format(sum).getBytes(StandardCharsets.US_ASCII);
    }

    static boolean overflows(BigDecimal v) {
        return v.abs().compareTo(MAX) > 0;
    }

    /** Rounds to the nearest value with a 64-bit mantissa (ties to even). */
    static BigDecimal round(BigDecimal x) {
        if (x.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal ax = x.abs();
        int e = (int) Math.floor(ax.unscaledValue().bitLength() - 1 - ax.scale() * LOG2_10);
        BigInteger lo = BigInteger.ONE.shiftLeft(63);
        BigInteger hi = BigInteger.ONE.shiftLeft(64);
        while (true) {
            BigDecimal m = scale2(ax, 63 - e);
            BigInteger whole = m.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            if (whole.compareTo(hi) >= 0) {
                e++;
            } else if (whole.compareTo(lo) < 0) {
                e--;
            } else {
                BigInteger r = m.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
                BigDecimal v = scale2(new BigDecimal(r), e - 63);
                return x.signum() < 0 ? v.negate() : v;
            }
        }
    }

    private static BigDecimal scale2(BigDecimal v, int k) {
        if (k >= 0) {
            return v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)));
        }
        // dividing by 2^n is exact in decimal: multiply by 5^n and shift the point n places
        return v.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-k))).scaleByPowerOfTen(k);
    }

    /** {@code %.17Lf} with trailing zeros (and a bare point) removed; "-0" becomes "0". */
    static String format(BigDecimal v) {
        return human(v.setScale(17, RoundingMode.HALF_EVEN).toPlainString());
    }

    /**
     * Redis's addReplyHumanLongDouble step after {@code %.17Lf}: trailing zeros and a bare point
     * removed, "-0" answered as "0". GEOPOS prints coordinates the same way.
     */
    public static String human(String fixed) {
        String s = fixed;
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }
}
