package io.redraft.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.IntBinaryOperator;

/**
 * LuaBitOp's {@code bit} library as Redis ships it: 32-bit operations on Lua numbers, results
 * as signed 32-bit numbers.
 */
final class BitLib {
    private BitLib() {
    }

    /** LuaBitOp's normalisation: the number rounded to an integer, taken modulo 2^32. */
    static int tobit(Varargs args, int i) {
        return tobit(args, i, "?");
    }

    static int tobit(Varargs args, int i, String fn) {
        LuaValue v = args.arg(i);
        if (v.type() != LuaValue.TNUMBER && !(v.type() == LuaValue.TSTRING && v.isnumber())) {
            throw new LuaError("bad argument #" + i + " to '" + fn + "' (number expected, got " + typeName(v) + ")");
        }
        double d = v.todouble();
        return (int) (long) Math.rint(d);
    }

    private static String typeName(LuaValue v) {
        return v.isnil() ? "no value" : v.typename();
    }

    private static VarArgFunction fold(String fn, IntBinaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int r = tobit(args, 1, fn);
                for (int i = 2; i <= args.narg(); i++) {
                    r = op.applyAsInt(r, tobit(args, i, fn));
                }
                return LuaValue.valueOf(r);
            }
        };
    }

    private static VarArgFunction shift(String fn, IntBinaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(op.applyAsInt(tobit(args, 1, fn), tobit(args, 2, fn) & 31));
            }
        };
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("tobit", fold("tobit", (a, b) -> a));
        t.rawset("bnot", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(~tobit(args, 1, "bnot"));
            }
        });
        t.rawset("band", fold("band", (a, b) -> a & b));
        t.rawset("bor", fold("bor", (a, b) -> a | b));
        t.rawset("bxor", fold("bxor", (a, b) -> a ^ b));
        t.rawset("lshift", shift("lshift", (a, n) -> a << n));
        t.rawset("rshift", shift("rshift", (a, n) -> a >>> n));
        t.rawset("arshift", shift("arshift", (a, n) -> a >> n));
        t.rawset("rol", shift("rol", Integer::rotateLeft));
        t.rawset("ror", shift("ror", Integer::rotateRight));
        t.rawset("bswap", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Integer.reverseBytes(tobit(args, 1, "bswap")));
            }
        });
        t.rawset("tohex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int x = tobit(args, 1, "tohex");
                int n = args.isnoneornil(2) ? 8 : tobit(args, 2, "tohex");
                boolean upper = n < 0;
                n = Math.min(Math.abs(n), 8);
                String hex = String.format("%08x", x);
                hex = hex.substring(8 - n);
                return LuaValue.valueOf(upper ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
            }
        });
        return t;
    }
}
