package io.redraft.script;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The {@code redis} table scripts see: redis.call and its companions, as in Redis 7.0. */
final class RedisLib {
    static final String REDIS_VERSION = "7.2.4";
    static final int REDIS_VERSION_NUM = 0x070204;

    private RedisLib() {
    }

    static LuaTable create(LuajEngine engine) {
        LuaTable t = new LuaTable();
        t.rawset("call", new Call(engine, true));
        t.rawset("pcall", new Call(engine, false));
        t.rawset("error_reply", fn(args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return field("err", LuaValue.valueOf("ERR wrong number or type of arguments"));
            }
            return field("err", args.arg1());
        }));
        t.rawset("status_reply", fn(args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                // Returned, not raised, as Redis 7.0 does.
                return field("err", LuaValue.valueOf("ERR wrong number or type of arguments"));
            }
            return field("ok", args.arg1());
        }));
        t.rawset("sha1hex", fn(args -> {
            if (args.narg() != 1) {
                throw errorTable("ERR wrong number of arguments");
            }
            byte[] data = args.isstring(1) ? LuaToReply.bytes(args.checkstring(1)) : new byte[0];
            return LuaValue.valueOf(sha1hex(data));
        }));
        t.rawset("log", fn(args -> {
            if (args.narg() < 2) {
                throw errorTable("ERR redis.log() requires two arguments or more.");
            }
            if (!args.isnumber(1)) {
                throw errorTable("ERR First argument must be a number (log level).");
            }
            int level = (int) args.todouble(1);
            if (level < 0 || level > 3) {
                throw errorTable("ERR Invalid debug level.");
            }
            // Scripts run on every replica; their log lines would repeat on each. Dropped.
            return LuaValue.NONE;
        }));
        t.rawset("setresp", fn(args -> {
            if (args.narg() != 1) {
                throw errorTable("ERR redis.setresp() requires one argument.");
            }
            int resp = (int) args.checkdouble(1);
            if (resp != 2 && resp != 3) {
                throw errorTable("ERR RESP version must be 2 or 3.");
            }
            engine.current().resp = resp;
            return LuaValue.NONE;
        }));
        t.rawset("set_repl", fn(args -> {
            if (args.narg() != 1) {
                throw errorTable("ERR redis.set_repl() requires two arguments.");
            }
            int flags = (int) args.checkdouble(1);
            if ((flags & ~3) != 0) {
                throw errorTable("ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            // Redraft replicates the script itself, never its effects: nothing to select.
            return LuaValue.NONE;
        }));
        t.rawset("replicate_commands", fn(args -> LuaValue.TRUE));
        t.rawset("breakpoint", fn(args -> LuaValue.FALSE));
        t.rawset("debug", fn(args -> LuaValue.NONE));
        t.rawset("acl_check_cmd", fn(args -> {
            if (args.narg() == 0) {
                throw errorTable("ERR Please specify at least one argument for this redis lib call");
            }
            List<byte[]> argv = argv(args);
            if (!engine.current().host.commandExists(argv)) {
                throw errorTable("ERR Invalid command passed to redis.acl_check_cmd()");
            }
            return LuaValue.valueOf(engine.current().host.allowed(argv));
        }));
        t.rawset("REPL_NONE", 0);
        t.rawset("REPL_AOF", 1);
        t.rawset("REPL_SLAVE", 2);
        t.rawset("REPL_REPLICA", 2);
        t.rawset("REPL_ALL", 3);
        t.rawset("LOG_DEBUG", 0);
        t.rawset("LOG_VERBOSE", 1);
        t.rawset("LOG_NOTICE", 2);
        t.rawset("LOG_WARNING", 3);
        t.rawset("REDIS_VERSION", REDIS_VERSION);
        t.rawset("REDIS_VERSION_NUM", REDIS_VERSION_NUM);
        return t;
    }

    static String sha1hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LuaTable field(String name, LuaValue v) {
        LuaTable t = new LuaTable();
        t.rawset(name, v);
        return t;
    }

    /** Redis raises its library errors as {@code {err=...}} tables, which keep their text in the reply. */
    static LuaError errorTable(String msg) {
        return new LuaError(field("err", LuaValue.valueOf(msg)));
    }

    private interface Body {
        Varargs apply(Varargs args);
    }

    private static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }

    /** redis.call's arguments: strings as they are, numbers with 17 significant digits (as Redis 7.0); nothing else. */
    static List<byte[]> argv(Varargs args) {
        List<byte[]> argv = new ArrayList<>(args.narg());
        for (int i = 1; i <= args.narg(); i++) {
            LuaValue a = args.arg(i);
            if (a.type() == LuaValue.TSTRING) {
                argv.add(LuaToReply.bytes(a.checkstring()));
            } else if (a.type() == LuaValue.TNUMBER) {
                argv.add(io.redraft.resp.DoubleFormat.g17(a.todouble()).getBytes(StandardCharsets.US_ASCII));
            } else {
                return null;
            }
        }
        return argv;
    }

    /** redis.call raises a command's error; redis.pcall returns it as a table. */
    private static final class Call extends VarArgFunction {
        private final LuajEngine engine;
        private final boolean raise;

        Call(LuajEngine engine, boolean raise) {
            this.engine = engine;
            this.raise = raise;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuajEngine.Run run = engine.current();
            if (args.narg() == 0) {
                return fail("ERR Please specify at least one argument for this redis lib call");
            }
            List<byte[]> argv = argv(args);
            if (argv == null) {
                return fail("ERR Lua redis lib command arguments must be strings or integers");
            }
            ReplyToLua reply = new ReplyToLua(run.resp);
            String refused = run.host.call(argv, reply);
            if (refused != null) {
                return fail(refused);
            }
            if (reply.isError() && raise) {
                throw new LuaError(reply.result());
            }
            return reply.result();
        }

        private Varargs fail(String msg) {
            if (raise) {
                throw errorTable(msg);
            }
            return field("err", LuaValue.valueOf(msg));
        }
    }
}
