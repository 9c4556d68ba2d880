package io.redraft.script;

import io.redraft.resp.DoubleFormat;
import io.redraft.resp.ReplySink;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Receives the reply of a command called from a script and builds the Lua value Redis gives
 * the script (redis.call's result). RESP2, the default: integers are numbers, bulk strings
 * strings, nulls {@code false}, arrays tables, status {@code {ok=...}}, errors {@code {err=...}};
 * maps, sets, doubles and booleans arrive flattened as RESP2 renders them. After
 * {@code redis.setresp(3)}: nulls are nil, booleans booleans, doubles {@code {double=n}}, maps
 * {@code {map={k=v}}}, sets {@code {set={m=true}}}, verbatim strings
 * {@code {verbatim_string={format=..., string=...}}}.
 */
final class ReplyToLua implements ReplySink {
    private static final LuaString OK = LuaValue.valueOf("ok");
    private static final LuaString ERR = LuaValue.valueOf("err");

    private final int protocol;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private LuaValue result;
    /** The top-level reply was an error: redis.call raises it. */
    private boolean topLevelError;

    private enum Kind { ARRAY, MAP, SET }

    private static final class Frame {
        final Kind kind;
        final LuaTable table;
        final LuaValue wrapper;
        int remaining;
        int index = 1;
        LuaValue pendingKey;

        Frame(Kind kind, LuaTable table, LuaValue wrapper, int remaining) {
            this.kind = kind;
            this.table = table;
            this.wrapper = wrapper;
            this.remaining = remaining;
        }
    }

    ReplyToLua(int protocol) {
        this.protocol = protocol;
    }

    LuaValue result() {
        return result == null ? LuaValue.NIL : result;
    }

    boolean isError() {
        return topLevelError;
    }

    private void value(LuaValue v) {
        Frame f = stack.peek();
        if (f == null) {
            result = v;
            return;
        }
        switch (f.kind) {
            case ARRAY -> f.table.rawset(f.index++, v);
            case SET -> f.table.rawset(v, LuaValue.TRUE);
            case MAP -> {
                if (f.pendingKey == null) {
                    f.pendingKey = v;
                    return; // a key alone does not complete an element
                }
                f.table.rawset(f.pendingKey, v);
                f.pendingKey = null;
            }
        }
        f.remaining--;
        close();
    }

    private void close() {
        while (!stack.isEmpty() && stack.peek().remaining == 0) {
            Frame done = stack.pop();
            value(done.wrapper);
        }
    }

    private void open(Kind kind, int n, String wrapName) {
        LuaTable t = new LuaTable();
        LuaValue wrapper = t;
        if (wrapName != null) {
            LuaTable w = new LuaTable();
            w.rawset(wrapName, t);
            wrapper = w;
        }
        Frame f = new Frame(kind, t, wrapper, n);
        stack.push(f);
        close();
    }

    @Override
    public void status(String s) {
        LuaTable t = new LuaTable();
        t.rawset(OK, LuaValue.valueOf(s.getBytes(StandardCharsets.ISO_8859_1)));
        value(t);
    }

    @Override
    public void error(String s) {
        if (stack.isEmpty()) {
            topLevelError = true;
        }
        LuaTable t = new LuaTable();
        t.rawset(ERR, LuaValue.valueOf(s.getBytes(StandardCharsets.ISO_8859_1)));
        value(t);
    }

    @Override
    public void integer(long v) {
        value(LuaValue.valueOf((double) v));
    }

    @Override
    public void bulk(byte[] b) {
        value(LuaValue.valueOf(b));
    }

    @Override
    public void nullBulk() {
        value(protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
    }

    @Override
    public void nullArray() {
        value(protocol == 2 ? LuaValue.FALSE : LuaValue.NIL);
    }

    @Override
    public void arrayHeader(int n) {
        open(Kind.ARRAY, n, null);
    }

    @Override
    public void mapHeader(int n) {
        if (protocol == 2) {
            open(Kind.ARRAY, 2 * n, null);
        } else {
            open(Kind.MAP, n, "map");
        }
    }

    @Override
    public void setHeader(int n) {
        if (protocol == 2) {
            open(Kind.ARRAY, n, null);
        } else {
            open(Kind.SET, n, "set");
        }
    }

    @Override
    public void doubleValue(double d) {
        if (protocol == 2) {
            bulk(DoubleFormat.g17(d).getBytes(StandardCharsets.US_ASCII));
        } else {
            LuaTable t = new LuaTable();
            t.rawset("double", LuaValue.valueOf(d));
            value(t);
        }
    }

    @Override
    public void bool(boolean b) {
        if (protocol == 2) {
            integer(b ? 1 : 0);
        } else {
            value(LuaValue.valueOf(b));
        }
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (protocol == 2) {
            bulk(text);
            return;
        }
        LuaTable inner = new LuaTable();
        inner.rawset("format", LuaValue.valueOf(format));
        inner.rawset("string", LuaValue.valueOf(text));
        LuaTable t = new LuaTable();
        t.rawset("verbatim_string", inner);
        value(t);
    }

    @Override
    public int protocol() {
        return protocol;
    }
}
