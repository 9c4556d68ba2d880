package io.redraft.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Roberto Ierusalimschy's {@code struct} library as Redis ships it: pack, unpack and size of
 * binary records described by a format string ({@code <>=!} endianness and alignment,
 * {@code bBhHlLTiI[n]} integers, {@code f d} floats, {@code s} zero-terminated and
 * {@code c[n]} fixed strings, {@code x} padding). Native order and sizes are x86-64's.
 */
final class StructLib {
    private StructLib() {
    }

    private static final class Format {
        final byte[] f;
        final String fn;
        int pos;
        boolean little = true;
        int maxAlign = 1;

        Format(LuaString s, String fn) {
            f = LuaToReply.bytes(s);
            this.fn = fn;
        }

        boolean more() {
            return pos < f.length;
        }

        /** An optional decimal size after an option, or {@code dflt}. */
        int size(int dflt) {
            if (pos >= f.length || !Character.isDigit(f[pos])) {
                return dflt;
            }
            int n = 0;
            while (pos < f.length && Character.isDigit(f[pos])) {
                n = n * 10 + (f[pos++] - '0');
            }
            return n;
        }
    }

    /** Size of option {@code opt} (already consumed) or -1 for options without data. */
    private static int optSize(Format fmt, char opt) {
        return switch (opt) {
            case 'B', 'b', 'x' -> 1;
            case 'H', 'h' -> 2;
            case 'L', 'l', 'T' -> 8;
            case 'f' -> 4;
            case 'd' -> 8;
            case 'c' -> fmt.size(1);
            case 'i', 'I' -> {
                int n = fmt.size(4);
                if (n > 8) {
                    throw new LuaError("integral size " + n + " is larger than limit of 8");
                }
                yield n;
            }
            case 's', ' ', '<', '>', '=', '!' -> 0;
            default -> throw new LuaError("bad argument #1 to '" + fmt.fn + "' (invalid format option '" + opt + "')");
        };
    }

    private static int padding(Format fmt, char opt, int len, int size) {
        if (opt == 'c' || opt == 's' || fmt.maxAlign <= 1 || size <= 0) {
            return 0;
        }
        int align = Math.min(size, fmt.maxAlign);
        if ((align & (align - 1)) != 0) {
            throw new LuaError("alignment must be power of 2");
        }
        return (align - (len & (align - 1))) & (align - 1);
    }

    private static boolean control(Format fmt, char opt) {
        switch (opt) {
            case ' ' -> {
                return true;
            }
            case '>' -> {
                fmt.little = false;
                return true;
            }
            case '<', '=' -> {
                fmt.little = true;
                return true;
            }
            case '!' -> {
                fmt.maxAlign = fmt.size(8);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void putInt(ByteArrayOutputStream out, long v, int size, boolean little) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[little ? i : size - 1 - i] = (byte) (v >>> (8 * i));
        }
        out.writeBytes(b);
    }

    private static long getInt(byte[] d, int off, int size, boolean little, boolean signed) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int b = d[off + (little ? size - 1 - i : i)] & 0xFF;
            v = (v << 8) | b;
        }
        if (signed && size < 8) {
            long mask = 1L << (size * 8 - 1);
            v = (v ^ mask) - mask;
        }
        return v;
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Format fmt = new Format(args.checkstring(1), "pack");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int arg = 2;
                while (fmt.more()) {
                    char opt = (char) fmt.f[fmt.pos++];
                    if (control(fmt, opt)) {
                        continue;
                    }
                    int size = optSize(fmt, opt);
                    int pad = padding(fmt, opt, out.size(), size);
                    for (int i = 0; i < pad; i++) {
                        out.write(0);
                    }
                    switch (opt) {
                        case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                            double n = args.checkdouble(arg++);
                            long v = (opt == 'b' || opt == 'h' || opt == 'l' || opt == 'i') ? (long) n
                                    : (n >= 0x1p63 ? (long) (n - 0x1p64) : (long) n);
                            putInt(out, v, size, fmt.little);
                        }
                        case 'x' -> out.write(0);
                        case 'f' -> putInt(out, Float.floatToRawIntBits((float) args.checkdouble(arg++)) & 0xFFFFFFFFL, 4, fmt.little);
                        case 'd' -> putInt(out, Double.doubleToRawLongBits(args.checkdouble(arg++)), 8, fmt.little);
                        case 'c', 's' -> {
                            LuaString s = args.checkstring(arg++);
                            byte[] b = LuaToReply.bytes(s);
                            int l = b.length;
                            if (opt == 'c' && size == 0) {
                                size = l;
                            }
                            if (opt == 'c') {
                                if (l < size) {
                                    throw new LuaError("bad argument #" + (arg - 1) + " to 'pack' (string too short)");
                                }
                                out.write(b, 0, size);
                            } else {
                                out.write(b, 0, l);
                                out.write(0);
                            }
                        }
                        default -> {
                        }
                    }
                }
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Format fmt = new Format(args.checkstring(1), "unpack");
                byte[] d = LuaToReply.bytes(args.checkstring(2));
                int pos = args.optint(3, 1) - 1;
                if (pos < 0 || pos > d.length) {
                    throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
                }
                List<LuaValue> results = new ArrayList<>();
                long lastInt = -1;
                while (fmt.more()) {
                    char opt = (char) fmt.f[fmt.pos++];
                    if (control(fmt, opt)) {
                        continue;
                    }
                    int size = optSize(fmt, opt);
                    pos += padding(fmt, opt, pos, size);
                    if (opt == 'c' && size == 0) {
                        if (lastInt < 0 || results.isEmpty()) {
                            throw new LuaError("bad argument #1 to 'unpack' (format 'c0' needs a previous size)");
                        }
                        size = (int) lastInt;
                        results.remove(results.size() - 1);
                    }
                    if (opt != 's' && pos + size > d.length) {
                        throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
                    }
                    switch (opt) {
                        case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                            boolean signed = opt == 'b' || opt == 'h' || opt == 'l' || opt == 'i';
                            long v = getInt(d, pos, size, fmt.little, signed);
                            double n = (!signed && v < 0) ? (double) (v >>> 1) * 2 + (v & 1) : (double) v;
                            lastInt = v;
                            results.add(LuaValue.valueOf(n));
                        }
                        case 'x' -> {
                        }
                        case 'f' -> results.add(LuaValue.valueOf(Float.intBitsToFloat((int) getInt(d, pos, 4, fmt.little, false))));
                        case 'd' -> results.add(LuaValue.valueOf(Double.longBitsToDouble(getInt(d, pos, 8, fmt.little, false))));
                        case 'c' -> results.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(d, pos, pos + size)));
                        case 's' -> {
                            int end = pos;
                            while (end < d.length && d[end] != 0) {
                                end++;
                            }
                            if (end >= d.length) {
                                throw new LuaError("bad argument #2 to 'unpack' (unfinished string in data)");
                            }
                            results.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(d, pos, end)));
                            size = end - pos + 1;
                        }
                        default -> {
                        }
                    }
                    pos += size;
                }
                results.add(LuaValue.valueOf(pos + 1));
                return LuaValue.varargsOf(results.toArray(new LuaValue[0]));
            }
        });
        t.rawset("size", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Format fmt = new Format(args.checkstring(1), "size");
                int pos = 0;
                while (fmt.more()) {
                    char opt = (char) fmt.f[fmt.pos++];
                    if (control(fmt, opt)) {
                        continue;
                    }
                    int size = optSize(fmt, opt);
                    pos += padding(fmt, opt, pos, size);
                    if (opt == 's') {
                        throw new LuaError("bad argument #1 to 'size' (options 's' has no fixed size)");
                    }
                    if (opt == 'c' && size == 0) {
                        throw new LuaError("bad argument #1 to 'size' (options 'c0' has no fixed size)");
                    }
                    pos += size;
                }
                return LuaValue.valueOf(pos);
            }
        });
        return t;
    }
}
