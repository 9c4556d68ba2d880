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
                case 'd', 'i', 'u', 'x', 'X', 'o' -> integer(spec, conv, (long) args.checkdouble(arg));
                case 'c' -> String.valueOf((char) ((int) args.checkdouble(arg) & 0xFF));
                case 'e', 'E' -> String.format(Locale.ROOT, "%" + javaFlags(spec) + conv, args.checkdouble(arg));
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

    /**
     * An integer conversion as C's printf writes it (Lua 5.1 hands these to sprintf): the precision
     * is a minimum number of digits, '+' and ' ' do not apply to the unsigned conversions (u, x,
     * X, o) and '#' not to d, i, u; '+' wins over ' ', '-' over '0', and a precision turns '0' off.
     * Java's Formatter refuses most of these combinations with an exception (found by
     * LibraryInputsProperties: "% o").
     */
    private static String integer(String spec, char conv, long v) {
        String flags = leadingFlags(spec);
        String rest = spec.substring(flags.length());
        int dot = rest.indexOf('.');
        int width = dot == 0 || rest.isEmpty() ? 0 : Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot));
        int precision = dot < 0 ? -1 : (dot + 1 == rest.length() ? 0 : Integer.parseInt(rest.substring(dot + 1)));
        boolean signed = conv == 'd' || conv == 'i';
        String digits = switch (conv) {
            case 'x' -> Long.toHexString(v);
            case 'X' -> Long.toHexString(v).toUpperCase(Locale.ROOT);
            case 'o' -> Long.toOctalString(v);
            case 'u' -> Long.toUnsignedString(v);
            default -> v < 0 ? Long.toString(v).substring(1) : Long.toString(v);
        };
        if (precision == 0 && v == 0) digits = "";
        if (precision > digits.length()) digits = "0".repeat(precision - digits.length()) + digits;
        String prefix = "";
        if (signed) {
            prefix = v < 0 ? "-" : flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
        } else if (flags.indexOf('#') >= 0) {
            if (conv == 'o' && !digits.startsWith("0")) digits = "0" + digits;
            if ((conv == 'x' || conv == 'X') && v != 0) prefix = conv == 'x' ? "0x" : "0X";
        }
        int fill = width - prefix.length() - digits.length();
        if (fill <= 0) return prefix + digits;
        if (flags.indexOf('-') >= 0) return prefix + digits + " ".repeat(fill);
        if (flags.indexOf('0') >= 0 && precision < 0) return prefix + "0".repeat(fill) + digits;
        return " ".repeat(fill) + prefix + digits;
    }

    /** C's flags for %e in terms Java accepts: '+' wins over ' ', '-' over '0', and neither '-' nor '0' without a width. */
    private static String javaFlags(String spec) {
        String flags = leadingFlags(spec);
        String rest = spec.substring(flags.length());
        boolean hasWidth = !rest.isEmpty() && rest.charAt(0) != '.';
        StringBuilder kept = new StringBuilder();
        for (char f : flags.toCharArray()) {
            if (kept.indexOf(String.valueOf(f)) >= 0) continue;
            if (f == ' ' && flags.indexOf('+') >= 0) continue;
            if (f == '0' && (flags.indexOf('-') >= 0 || !hasWidth)) continue;
            if (f == '-' && !hasWidth) continue;
            kept.append(f);
        }
        return kept + rest;
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
