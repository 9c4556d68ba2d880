package io.redraft.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * lua-cjson as Redis ships it: {@code cjson.encode}, {@code cjson.decode}, {@code cjson.null}
 * and the settings functions (accepted, with lua-cjson's defaults in force). Numbers encode
 * with 14 significant digits, '/' is escaped, a table whose keys are 1..n (not too sparse) is
 * an array, an empty table is {@code {}}.
 */
final class CjsonLib {
    /** cjson.null: a light userdata in lua-cjson; one shared userdata here. */
    static final LuaUserdata NULL = new LuaUserdata(new Object());
    private static final int MAX_DEPTH = 1000;

    private CjsonLib() {
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("_NAME", "cjson");
        t.rawset("_VERSION", "2.1.0");
        t.rawset("null", NULL);
        t.rawset("encode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                encode(args.arg1(), out, 0);
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("decode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'decode' (expected 1 argument)");
                }
                return new Decoder(LuaToReply.bytes(args.checkstring(1))).document();
            }
        });
        for (String setting : new String[]{"encode_sparse_array", "encode_max_depth", "decode_max_depth",
                "encode_number_precision", "encode_keep_buffer", "encode_invalid_numbers",
                "decode_invalid_numbers"}) {
            t.rawset(setting, new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return LuaValue.NONE;
                }
            });
        }
        t.rawset("new", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return create();
            }
        });
        return t;
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int depth) {
        switch (v.type()) {
            case LuaValue.TSTRING -> string(v.checkstring(), out);
            case LuaValue.TNUMBER -> {
                double d = v.todouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new LuaError("Cannot serialise number: must not be NaN or Inf");
                }
                out.writeBytes(LuaNumbers.g14(d).getBytes(StandardCharsets.US_ASCII));
            }
            case LuaValue.TBOOLEAN -> out.writeBytes(v.toboolean() ? "true".getBytes() : "false".getBytes());
            case LuaValue.TNIL -> out.writeBytes("null".getBytes());
            case LuaValue.TTABLE -> table((LuaTable) v, out, depth + 1);
            default -> {
                if (v == NULL) {
                    out.writeBytes("null".getBytes());
                    return;
                }
                throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
            }
        }
    }

    /** lua-cjson's array test: -1 for an object, else the array length. */
    private static int arrayLength(LuaTable t) {
        int max = 0;
        int items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            if (k.type() != LuaValue.TNUMBER) {
                return -1;
            }
            double d = k.todouble();
            if (d != Math.floor(d) || d < 1) {
                return -1;
            }
            max = (int) Math.max(max, d);
            items++;
        }
        if (max > 10 && max > items * 2) {
            throw new LuaError("Cannot serialise table: excessively sparse array");
        }
        return max;
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int len = arrayLength(t);
        if (len > 0) {
            out.write('[');
            for (int i = 1; i <= len; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(t.rawget(i), out, depth);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                string(k.checkstring(), out);
            } else if (k.type() == LuaValue.TNUMBER) {
                out.write('"');
                out.writeBytes(LuaNumbers.g14(k.todouble()).getBytes(StandardCharsets.US_ASCII));
                out.write('"');
            } else {
                throw new LuaError("Cannot serialise " + k.typename() + ": table key must be a number or string");
            }
            out.write(':');
            encode(n.arg(2), out, depth);
        }
        out.write('}');
    }

    private static void string(LuaString s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            int c = s.m_bytes[s.m_offset + i] & 0xFF;
            switch (c) {
                case '"' -> out.writeBytes("\\\"".getBytes());
                case '\\' -> out.writeBytes("\\\\".getBytes());
                case '/' -> out.writeBytes("\\/".getBytes());
                case '\b' -> out.writeBytes("\\b".getBytes());
                case '\f' -> out.writeBytes("\\f".getBytes());
                case '\n' -> out.writeBytes("\\n".getBytes());
                case '\r' -> out.writeBytes("\\r".getBytes());
                case '\t' -> out.writeBytes("\\t".getBytes());
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.writeBytes(String.format("\\u%04x", c).getBytes());
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }

    /** A JSON reader with lua-cjson's error texts ("... at character N", 1-based). */
    private static final class Decoder {
        private final byte[] s;
        private int i;
        private int depth;

        Decoder(byte[] s) {
            this.s = s;
        }

        LuaValue document() {
            LuaValue v = value();
            skip();
            if (i < s.length) {
                throw error("the end", token());
            }
            return v;
        }

        private void skip() {
            while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
                i++;
            }
        }

        private String token() {
            if (i >= s.length) {
                return "T_END";
            }
            return switch (s[i]) {
                case '{' -> "T_OBJ_BEGIN";
                case '}' -> "T_OBJ_END";
                case '[' -> "T_ARR_BEGIN";
                case ']' -> "T_ARR_END";
                case ',' -> "T_COMMA";
                case ':' -> "T_COLON";
                case '"' -> "T_STRING";
                case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "T_NUMBER";
                default -> startsWith("true") || startsWith("false") ? "T_BOOLEAN" : startsWith("null") ? "T_NULL" : "invalid token";
            };
        }

        private boolean startsWith(String word) {
            if (i + word.length() > s.length) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (s[i + k] != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private LuaError error(String expected, String found) {
            return new LuaError("Expected " + expected + " but found " + found + " at character " + (i + 1));
        }

        private LuaValue value() {
            skip();
            if (i >= s.length) {
                throw error("value", "T_END");
            }
            byte c = s[i];
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return LuaValue.valueOf(str());
                default:
                    break;
            }
            if (match("true")) {
                return LuaValue.TRUE;
            }
            if (match("false")) {
                return LuaValue.FALSE;
            }
            if (match("null")) {
                return NULL;
            }
            int start = i;
            while (i < s.length && "+-0123456789.eE".indexOf(s[i]) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("value", token());
            }
            try {
                return LuaValue.valueOf(Double.parseDouble(new String(s, start, i - start, StandardCharsets.US_ASCII)));
            } catch (NumberFormatException e) {
                i = start;
                throw error("value", "invalid number");
            }
        }

        private boolean match(String word) {
            if (i + word.length() > s.length) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (s[i + k] != word.charAt(k)) {
                    return false;
                }
            }
            i += word.length();
            return true;
        }

        private void nest() {
            if (++depth > MAX_DEPTH) {
                throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (i + 1));
            }
        }

        private LuaValue object() {
            nest();
            i++;
            LuaTable t = new LuaTable();
            skip();
            if (i < s.length && s[i] == '}') {
                i++;
                depth--;
                return t;
            }
            while (true) {
                skip();
                if (i >= s.length || s[i] != '"') {
                    throw error("object key string", token());
                }
                byte[] key = str();
                skip();
                if (i >= s.length || s[i] != ':') {
                    throw error("colon", token());
                }
                i++;
                t.rawset(LuaValue.valueOf(key), value());
                skip();
                if (i < s.length && s[i] == ',') {
                    i++;
                    continue;
                }
                if (i < s.length && s[i] == '}') {
                    i++;
                    depth--;
                    return t;
                }
                throw error("comma or object end", token());
            }
        }

        private LuaValue array() {
            nest();
            i++;
            LuaTable t = new LuaTable();
            skip();
            if (i < s.length && s[i] == ']') {
                i++;
                depth--;
                return t;
            }
            for (int n = 1; ; n++) {
                t.rawset(n, value());
                skip();
                if (i < s.length && s[i] == ',') {
                    i++;
                    continue;
                }
                if (i < s.length && s[i] == ']') {
                    i++;
                    depth--;
                    return t;
                }
                throw error("comma or array end", token());
            }
        }

        private byte[] str() {
            int start = i;
            i++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (i < s.length && s[i] != '"') {
                byte c = s[i++];
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (i >= s.length) {
                    break;
                }
                byte e = s[i++];
                switch (e) {
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> {
                        if (i + 4 > s.length) {
                            i = start;
                            throw error("value", "invalid unicode escape code");
                        }
                        int cp = Integer.parseInt(new String(s, i, 4, StandardCharsets.US_ASCII), 16);
                        i += 4;
                        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= s.length && s[i] == '\\' && s[i + 1] == 'u') {
                            int lo = Integer.parseInt(new String(s, i + 2, 4, StandardCharsets.US_ASCII), 16);
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            i += 6;
                        }
                        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                    default -> out.write(e);
                }
            }
            if (i >= s.length) {
                i = start;
                throw error("value", "unterminated string");
            }
            i++;
            return out.toByteArray();
        }
    }
}
