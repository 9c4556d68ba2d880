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
        LuaValue v = args.arg(i);
        if (v.type() != LuaValue.TNUMBER && !(v.type() == LuaValue.TSTRING && v.isnumber())) {
            throw new LuaError("bad argument #" + i + " to '?' (number expected, got " + typeName(v) + ")");
        }
        double d = v.todouble();
        return (int) (long) Math.rint(d);
    }

    private static String typeName(LuaValue v) {
        return v.isnil() ? "no value" : v.typename();
    }

    private static VarArgFunction fold(IntBinaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int r = tobit(args, 1);
                for (int i = 2; i <= args.narg(); i++) {
                    r = op.applyAsInt(r, tobit(args, i));
                }
                return LuaValue.valueOf(r);
            }
        };
    }

    private static VarArgFunction shift(IntBinaryOperator op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(op.applyAsInt(tobit(args, 1), tobit(args, 2) & 31));
            }
        };
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("tobit", fold((a, b) -> a));
        t.rawset("bnot", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(~tobit(args, 1));
            }
        });
        t.rawset("band", fold((a, b) -> a & b));
        t.rawset("bor", fold((a, b) -> a | b));
        t.rawset("bxor", fold((a, b) -> a ^ b));
        t.rawset("lshift", shift((a, n) -> a << n));
        t.rawset("rshift", shift((a, n) -> a >>> n));
        t.rawset("arshift", shift((a, n) -> a >> n));
        t.rawset("rol", shift(Integer::rotateLeft));
        t.rawset("ror", shift(Integer::rotateRight));
        t.rawset("bswap", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Integer.reverseBytes(tobit(args, 1)));
            }
        });
        t.rawset("tohex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int x = tobit(args, 1);
                int n = args.isnoneornil(2) ? 8 : tobit(args, 2);
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
