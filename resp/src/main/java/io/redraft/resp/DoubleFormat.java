package io.redraft.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as C's {@code printf("%.17g")} does, which is what Redis 7.0's
 * {@code addReplyDouble} sends in both protocols (infinities spelled {@code inf}/{@code -inf}).
 * Java's own {@code %g} differs (it keeps trailing zeros and picks other exponent ranges).
 */
public final class DoubleFormat {
    private static final int PRECISION = 17;

    private DoubleFormat() {
    }

    public static String g17(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        // BigDecimal(double) is the exact binary value, so rounding it to 17 digits with
        // HALF_EVEN matches glibc's correctly rounded printf.
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(PRECISION, RoundingMode.HALF_EVEN));
        String digits = rounded.unscaledValue().abs().toString();
        // exponent X such that value = d.ddd * 10^X
        int exp = digits.length() - 1 - rounded.scale();
        StringBuilder sb = new StringBuilder(32);
        if (rounded.signum() < 0) {
            sb.append('-');
        }
        // pad digits to exactly PRECISION significant digits
        StringBuilder sig = new StringBuilder(digits);
        while (sig.length() < PRECISION) {
            sig.append('0');
        }
        if (exp < -4 || exp >= PRECISION) {
            String mant = stripZeros(sig.charAt(0) + "." + sig.substring(1));
            sb.append(mant).append('e').append(exp < 0 ? '-' : '+');
            int ax = Math.abs(exp);
            if (ax < 10) {
                sb.append('0');
            }
            sb.append(ax);
        } else if (exp >= 0) {
            String s = sig.substring(0, exp + 1) + "." + sig.substring(exp + 1);
            sb.append(stripZeros(s));
        } else {
            StringBuilder s = new StringBuilder("0.");
            for (int i = 0; i < -exp - 1; i++) {
                s.append('0');
            }
            s.append(sig);
            sb.append(stripZeros(s.toString()));
        }
        return sb.toString();
    }

    private static String stripZeros(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        int end = s.length();
        while (end > dot + 1 && s.charAt(end - 1) == '0') {
            end--;
        }
        if (end == dot + 1) {
            end = dot;
        }
        return s.substring(0, end);
    }
}
