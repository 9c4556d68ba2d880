package io.redraft.script;

import io.redraft.resp.ReplySink;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a script's return value as Redis does: numbers become integers (truncated), strings
 * bulk strings, tables arrays up to their first nil, {@code {err=...}} an error,
 * {@code {ok=...}} a status; booleans are 1/null unless the script chose RESP3 with
 * redis.setresp(3), which also enables {@code double}, {@code map}, {@code set},
 * {@code big_number} and {@code verbatim_string} tables.
 */
final class LuaToReply {
    private LuaToReply() {
    }

    static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    static String latin1(LuaString s) {
        return new String(s.m_bytes, s.m_offset, s.m_length, StandardCharsets.ISO_8859_1);
    }

    static void write(LuaValue v, ReplySink out, int scriptResp) {
        switch (v.type()) {
            case LuaValue.TSTRING -> out.bulk(bytes(v.checkstring()));
            case LuaValue.TNUMBER -> out.integer((long) v.todouble());
            case LuaValue.TBOOLEAN -> {
                if (scriptResp == 3) {
                    out.bool(v.toboolean());
                } else if (v.toboolean()) {
                    out.integer(1);
                } else {
                    out.nullBulk();
                }
            }
            case LuaValue.TTABLE -> table((LuaTable) v, out, scriptResp);
            default -> out.nullBulk();
        }
    }

    private static void table(LuaTable t, ReplySink out, int scriptResp) {
        LuaValue err = t.rawget("err");
        if (err.type() == LuaValue.TSTRING) {
            out.error(latin1(err.checkstring()));
            return;
        }
        LuaValue ok = t.rawget("ok");
        if (ok.type() == LuaValue.TSTRING) {
            out.status(latin1(ok.checkstring()).replace('\r', ' ').replace('\n', ' '));
            return;
        }
        if (scriptResp == 3) {
            LuaValue d = t.rawget("double");
            if (d.type() == LuaValue.TNUMBER) {
                out.doubleValue(d.todouble());
                return;
            }
            LuaValue big = t.rawget("big_number");
            if (big.type() == LuaValue.TSTRING) {
                // ReplySink has no big number type: the digits go as a bulk string.
                out.bulk(bytes(big.checkstring()));
                return;
            }
            LuaValue map = t.rawget("map");
            if (map.istable()) {
                List<LuaValue[]> pairs = new ArrayList<>();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    var n = map.next(k);
                    if ((k = n.arg1()).isnil()) {
                        break;
                    }
                    pairs.add(new LuaValue[]{k, n.arg(2)});
                }
                out.mapHeader(pairs.size());
                for (LuaValue[] p : pairs) {
                    write(p[0], out, scriptResp);
                    write(p[1], out, scriptResp);
                }
                return;
            }
            LuaValue set = t.rawget("set");
            if (set.istable()) {
                List<LuaValue> members = new ArrayList<>();
                LuaValue k = LuaValue.NIL;
                while (true) {
                    var n = set.next(k);
                    if ((k = n.arg1()).isnil()) {
                        break;
                    }
                    members.add(k);
                }
                out.setHeader(members.size());
                for (LuaValue m : members) {
                    write(m, out, scriptResp);
                }
                return;
            }
            LuaValue verb = t.rawget("verbatim_string");
            if (verb.istable() && verb.rawget("format").isstring() && verb.rawget("string").isstring()) {
                out.verbatim(verb.rawget("format").tojstring(), bytes(verb.rawget("string").checkstring()));
                return;
            }
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) {
            n++;
        }
        out.arrayHeader(n);
        for (int i = 1; i <= n; i++) {
            write(t.rawget(i), out, scriptResp);
        }
    }
}
