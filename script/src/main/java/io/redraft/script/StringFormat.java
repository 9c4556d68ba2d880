package io.redraft.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * string.format as Lua 5.1 does it (C's printf conversions): LuaJ's own ignores widths and
 * precisions. {@code %q} stays LuaJ's, which matches.
 */
final class StringFormat extends VarArgFunction {
    private final LuaValue luaj;

    StringFormat(LuaValue luaj) {
        this.luaj = luaj;
    }

    @Override
    public Varargs invoke(Varargs args) {
        byte[] fmt = LuaToReply.bytes(args.checkstring(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 1;
        for (int i = 0; i < fmt.length; i++) {
            byte c = fmt[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (++i >= fmt.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            if (fmt[i] == '%') {
                out.write('%');
                continue;
            }
            int start = i;
            while (i < fmt.length && "-+ #0".indexOf(fmt[i]) >= 0) {
                i++;
            }
            if (i - start > 5) {
                throw new LuaError("invalid format (repeated flags)");
            }
            // Lua 5.1 takes at most two digits of width and of precision.
            int digits = 0;
            while (i < fmt.length && Character.isDigit(fmt[i])) {
                i++;
                digits++;
            }
            if (i < fmt.length && fmt[i] == '.') {
                i++;
                int precisionDigits = 0;
                while (i < fmt.length && Character.isDigit(fmt[i])) {
                    i++;
                    precisionDigits++;
                }
                digits = Math.max(digits, precisionDigits);
            }
            if (digits > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i >= fmt.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            String spec = new String(fmt, start, i - start, StandardCharsets.ISO_8859_1);
            char conv = (char) fmt[i];
            arg++;
            String piece = switch (conv) {
                case 'd', 'i' -> String.format(Locale.ROOT, "%" + noPrecision(spec) + "d", (long) args.checkdouble(arg));
                case 'u' -> String.format(Locale.ROOT, "%" + noPrecision(spec) + "d", (long) args.checkdouble(arg));
                case 'x', 'X', 'o' -> String.format(Locale.ROOT, "%" + noPrecision(spec) + conv, (long) args.checkdouble(arg));
                case 'c' -> String.valueOf((char) ((int) args.checkdouble(arg) & 0xFF));
                case 'e', 'E' -> String.format(Locale.ROOT, "%" + spec + conv, args.checkdouble(arg));
                case 'f' -> fixed(spec, args.checkdouble(arg));
                case 'g', 'G' -> general(spec, conv, args.checkdouble(arg));
                case 's' -> string(spec, args.arg(arg));
                case 'q' -> luaj.invoke(LuaValue.varargsOf(LuaValue.valueOf("%q"), args.arg(arg))).arg1().tojstring();
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            };
            out.writeBytes(piece.getBytes(StandardCharsets.ISO_8859_1));
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    /** %f rounds the exact binary value half-even, as glibc does (Java's %f rounds half-up). */
    private static String fixed(String spec, double d) {
        int dot = spec.indexOf('.');
        int precision = dot < 0 ? 6 : (dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
        String flags = dot < 0 ? spec : spec.substring(0, dot);
        String s;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            s = LuaNumbers.g14(d);
        } else {
            s = new java.math.BigDecimal(d).setScale(precision, java.math.RoundingMode.HALF_EVEN).toPlainString();
            if (d < 0 && !s.startsWith("-")) {
                s = "-" + s;
            }
        }
        if (!s.startsWith("-") && leadingFlags(flags).indexOf('+') >= 0) {
            s = "+" + s;
        }
        int width = width(flags);
        if (leadingFlags(flags).indexOf('0') >= 0 && leadingFlags(flags).indexOf('-') < 0 && s.length() < width) {
            boolean sign = s.startsWith("-") || s.startsWith("+");
            String zeros = "0".repeat(width - s.length());
            return sign ? s.charAt(0) + zeros + s.substring(1) : zeros + s;
        }
        return pad(flags, s);
    }

    private static String leadingFlags(String spec) {
        int i = 0;
        while (i < spec.length() && "-+ #0".indexOf(spec.charAt(i)) >= 0) {
            i++;
        }
        return spec.substring(0, i);
    }

    private static int width(String flagsAndWidth) {
        String digits = flagsAndWidth.substring(leadingFlags(flagsAndWidth).length());
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static String noPrecision(String spec) {
        int dot = spec.indexOf('.');
        return dot < 0 ? spec : spec.substring(0, dot);
    }

    private static String general(String spec, char conv, double d) {
        int dot = spec.indexOf('.');
        int precision = dot < 0 ? 6 : (dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1)));
        String s = LuaNumbers.g(d, Math.max(precision, 1));
        if (conv == 'G') {
            s = s.toUpperCase(Locale.ROOT);
        }
        return pad(dot < 0 ? spec : spec.substring(0, dot), s);
    }

    private static String string(String spec, LuaValue v) {
        String s = v.type() == LuaValue.TNUMBER ? LuaNumbers.g14(v.todouble())
                : v.isstring() ? LuaToReply.latin1(v.checkstring()) : v.tojstring();
        int dot = spec.indexOf('.');
        if (dot >= 0) {
            int precision = dot + 1 == spec.length() ? 0 : Integer.parseInt(spec.substring(dot + 1));
            s = s.substring(0, Math.min(precision, s.length()));
            spec = spec.substring(0, dot);
        }
        return pad(spec, s);
    }

    private static String pad(String flagsAndWidth, String s) {
        boolean left = leadingFlags(flagsAndWidth).indexOf('-') >= 0;
        int width = width(flagsAndWidth);
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return left ? s + fill : fill + s;
    }
}
