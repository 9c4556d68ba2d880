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
 * lua-cmsgpack as Redis ships it: {@code pack(...)} encodes each argument and concatenates,
 * {@code unpack(s)} returns every value, {@code unpack_one(s [, offset])} and
 * {@code unpack_limit(s, limit [, offset])} return the next offset first. Integral numbers use
 * the smallest integer encoding, others a float when exact, else a double; tables with keys
 * 1..n are arrays, other tables maps.
 */
final class CmsgpackLib {
    private static final int MAX_NESTING = 16;

    private CmsgpackLib() {
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("_NAME", "lua-cmsgpack");
        t.rawset("_VERSION", "lua-cmsgpack 0.4.0");
        t.rawset("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo");
        t.rawset("_DESCRIPTION", "MessagePack C implementation for Lua");
        t.rawset("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() == 0) {
                    throw new LuaError("bad argument #0 to 'pack' (MessagePack pack needs input.)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 1; i <= args.narg(); i++) {
                    encode(args.arg(i), out, 0);
                }
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args.checkstring(1), 0, 0, false);
            }
        });
        t.rawset("unpack_one", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args.checkstring(1), 1, args.optint(2, 0), true);
            }
        });
        t.rawset("unpack_limit", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return unpack(args.checkstring(1), args.checkint(2), args.optint(3, 0), true);
            }
        });
        return t;
    }

    private static void be(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int level) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                LuaString s = v.checkstring();
                int n = s.m_length;
                if (n < 32) {
                    out.write(0xa0 | n);
                } else if (n <= 0xff) {
                    out.write(0xd9);
                    be(out, n, 1);
                } else if (n <= 0xffff) {
                    out.write(0xda);
                    be(out, n, 2);
                } else {
                    out.write(0xdb);
                    be(out, n, 4);
                }
                out.write(s.m_bytes, s.m_offset, n);
            }
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(v.todouble(), out);
            case LuaValue.TTABLE -> {
                if (level >= MAX_NESTING) {
                    out.write(0xc0);
                    return;
                }
                table((LuaTable) v, out, level + 1);
            }
            default -> out.write(0xc0);
        }
    }

    private static void number(double d, ByteArrayOutputStream out) {
        if (d == Math.floor(d) && !Double.isInfinite(d) && Math.abs(d) < 0x1p63) {
            long n = (long) d;
            if (n >= 0) {
                if (n <= 127) {
                    out.write((int) n);
                } else if (n <= 0xff) {
                    out.write(0xcc);
                    be(out, n, 1);
                } else if (n <= 0xffff) {
                    out.write(0xcd);
                    be(out, n, 2);
                } else if (n <= 0xffffffffL) {
                    out.write(0xce);
                    be(out, n, 4);
                } else {
                    out.write(0xcf);
                    be(out, n, 8);
                }
            } else if (n >= -32) {
                out.write((int) (n & 0xff));
            } else if (n >= -128) {
                out.write(0xd0);
                be(out, n, 1);
            } else if (n >= -32768) {
                out.write(0xd1);
                be(out, n, 2);
            } else if (n >= Integer.MIN_VALUE) {
                out.write(0xd2);
                be(out, n, 4);
            } else {
                out.write(0xd3);
                be(out, n, 8);
            }
            return;
        }
        float f = (float) d;
        if (f == d) {
            out.write(0xca);
            be(out, Float.floatToRawIntBits(f) & 0xFFFFFFFFL, 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToRawLongBits(d), 8);
        }
    }

    /** lua-cmsgpack's test: keys exactly 1..n make an array. */
    private static int arrayLength(LuaTable t) {
        int count = 0;
        int max = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            if (k.type() != LuaValue.TNUMBER || k.todouble() < 1 || k.todouble() != Math.floor(k.todouble())) {
                return -1;
            }
            max = (int) Math.max(max, k.todouble());
            count++;
        }
        return max == count ? count : -1;
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int level) {
        int len = arrayLength(t);
        if (len >= 0) {
            header(out, len, 0x90, 0xdc, 0xdd);
            for (int i = 1; i <= len; i++) {
                encode(t.rawget(i), out, level);
            }
            return;
        }
        List<LuaValue[]> pairs = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            pairs.add(new LuaValue[]{k, n.arg(2)});
        }
        header(out, pairs.size(), 0x80, 0xde, 0xdf);
        for (LuaValue[] p : pairs) {
            encode(p[0], out, level);
            encode(p[1], out, level);
        }
    }

    private static void header(ByteArrayOutputStream out, int n, int fix, int m16, int m32) {
        if (n < 16) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(m16);
            be(out, n, 2);
        } else {
            out.write(m32);
            be(out, n, 4);
        }
    }

    private static Varargs unpack(LuaString s, int limit, int offset, boolean withOffset) {
        byte[] b = LuaToReply.bytes(s);
        if (offset < 0 || limit < 0) {
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
        }
        if (offset > b.length) {
            throw new LuaError("Start offset " + offset + " greater than input length " + b.length + ".");
        }
        Reader r = new Reader(b, offset);
        List<LuaValue> values = new ArrayList<>();
        while (r.pos < b.length && (limit == 0 || values.size() < limit)) {
            values.add(r.value());
        }
        if (withOffset) {
            values.add(0, LuaValue.valueOf(r.pos >= b.length ? -1 : r.pos));
        }
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static final class Reader {
        final byte[] b;
        int pos;

        Reader(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        private long be(int bytes) {
            if (pos + bytes > b.length) {
                throw new LuaError("Missing bytes in input.");
            }
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        private LuaValue str(int n) {
            if (n < 0 || pos + n > b.length) {
                throw new LuaError("Missing bytes in input.");
            }
            LuaValue v = LuaValue.valueOf(java.util.Arrays.copyOfRange(b, pos, pos + n));
            pos += n;
            return v;
        }

        private LuaValue num(double d) {
            return LuaValue.valueOf(d);
        }

        private LuaValue array(int n) {
            LuaTable t = new LuaTable();
            for (int i = 1; i <= n; i++) {
                t.rawset(i, value());
            }
            return t;
        }

        private LuaValue map(int n) {
            LuaTable t = new LuaTable();
            for (int i = 0; i < n; i++) {
                LuaValue k = value();
                LuaValue v = value();
                if (!k.isnil()) {
                    t.rawset(k, v);
                }
            }
            return t;
        }

        LuaValue value() {
            int c = (int) be(1);
            if (c <= 0x7f) {
                return num(c);
            }
            if (c >= 0xe0) {
                return num((byte) c);
            }
            if ((c & 0xe0) == 0xa0) {
                return str(c & 0x1f);
            }
            if ((c & 0xf0) == 0x90) {
                return array(c & 0x0f);
            }
            if ((c & 0xf0) == 0x80) {
                return map(c & 0x0f);
            }
            return switch (c) {
                case 0xc0 -> LuaValue.NIL;
                case 0xc2 -> LuaValue.FALSE;
                case 0xc3 -> LuaValue.TRUE;
                case 0xcc -> num(be(1));
                case 0xcd -> num(be(2));
                case 0xce -> num(be(4));
                case 0xcf -> {
                    long v = be(8);
                    yield num(v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1));
                }
                case 0xd0 -> num((byte) be(1));
                case 0xd1 -> num((short) be(2));
                case 0xd2 -> num((int) be(4));
                case 0xd3 -> num(be(8));
                case 0xca -> num(Float.intBitsToFloat((int) be(4)));
                case 0xcb -> num(Double.longBitsToDouble(be(8)));
                case 0xd9, 0xc4 -> str((int) be(1));
                case 0xda, 0xc5 -> str((int) be(2));
                case 0xdb, 0xc6 -> str((int) be(4));
                case 0xdc -> array((int) be(2));
                case 0xdd -> array((int) be(4));
                case 0xde -> map((int) be(2));
                case 0xdf -> map((int) be(4));
                default -> throw new LuaError("Bad data format in input.");
            };
        }
    }
}
