package io.redraft.script;

import io.redraft.resp.ReplySink;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ScriptEngine} on LuaJ (pure Java, Lua 5.2), shaped to Redis 7.0's Lua 5.1 sandbox:
 * the globals Redis exposes and no others, read-only globals and libraries, the 5.1 names
 * LuaJ lacks ({@code unpack}, {@code loadstring}, {@code table.getn}, {@code math.mod}, ...),
 * numbers printed with {@code %.14g}, and a deterministic instruction budget instead of a
 * wall-clock limit (docs/scripting.md).
 */
public final class LuajEngine implements ScriptEngine {
    /** Redis's own chunk name: errors read {@code user_script:1: ...}. */
    static final String CHUNK = "@user_script";
    static final String FUNCTION_CHUNK = "@user_function";
    /** Largest string string.rep builds: Redis's default proto-max-bulk-len, 512 MB. */
    static final double MAX_STRING = 512.0 * 1024 * 1024;
    private static final Pattern LUAJ_POSITION = Pattern.compile("^@?([^\\s:]+):(\\d+) ");

    private final Globals globals = new Globals();
    /** Everything a script may reach; scripts see it only through {@link #env}. */
    private final LuaTable real = new LuaTable();
    /** The scripts' _G: empty, reading through to {@link #real}, refusing writes. */
    private final LuaTable env;
    private final ScriptActivity activity = new ScriptActivity();
    private final Budget budget = new Budget(activity);
    private final Rand48 rand = new Rand48();
    private final long instructionLimit;
    private Run current;
    private final LuaTable funcReal = new LuaTable();
    private final Globals funcEnv = new Globals();
    private LuaValue fullRedis;
    private LuaTable loadRedis;
    private List<Function> registering;

    /** State of the script now running. */
    static final class Run {
        final ScriptHost host;
        final String sha;
        int resp = 2;
        boolean killed;
        /** By SCRIPT KILL / FUNCTION KILL rather than the budget. */
        boolean byUser;

        Run(ScriptHost host, String sha) {
            this.host = host;
            this.sha = sha;
        }
    }

    /**
     * @param instructionLimit VM instructions one script may execute before it is stopped
     *                         (0: no limit); counted, not timed, so every replica stops a
     *                         script at the same instruction
     */
    public LuajEngine(long instructionLimit) {
        this.instructionLimit = instructionLimit;
        globals.load(new BaseLib());
        globals.load(new PackageLib()); // the other libraries register in package.loaded; scripts never see it
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new CoroutineLib());
        globals.load(new JseMathLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.debuglib = budget;
        env = buildSandbox();
        buildFunctionSandbox();
    }

    public LuajEngine() {
        this(0);
    }

    Run current() {
        return current;
    }

    @Override
    public ScriptActivity activity() {
        return activity;
    }

    private LuaTable buildSandbox() {
        for (String name : new String[]{"assert", "error", "getmetatable", "ipairs", "next", "pairs",
                "rawequal", "rawget", "rawset", "select", "setmetatable", "tonumber", "type", "_VERSION"}) {
            real.rawset(name, globals.get(name));
        }
        real.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        LuaValue luajTostring = globals.get("tostring");
        real.rawset("tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                return v.type() == LuaValue.TNUMBER ? LuaValue.valueOf(LuaNumbers.g14(v.todouble())) : luajTostring.call(v);
            }
        });
        real.rawset("pcall", protectedCall(false));
        real.rawset("xpcall", protectedCall(true));
        LuaValue table = globals.get("table");
        real.rawset("unpack", table.get("unpack"));
        table.set("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return t.checktable().len();
            }
        });
        table.set("maxn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                double max = 0;
                LuaValue k = LuaValue.NIL;
                while (!(k = t.checktable().next(k).arg1()).isnil()) {
                    if (k.type() == LuaValue.TNUMBER && k.todouble() > max) {
                        max = k.todouble();
                    }
                }
                return LuaValue.valueOf(max);
            }
        });
        table.set("setn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError("'setn' is obsolete");
            }
        });
        table.set("foreach", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = args.checktable(1);
                LuaValue f = args.checkfunction(2);
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = t.next(k);
                    if ((k = n.arg1()).isnil()) {
                        return LuaValue.NONE;
                    }
                    LuaValue r = f.call(k, n.arg(2));
                    if (!r.isnil()) {
                        return r;
                    }
                }
            }
        });
        table.set("foreachi", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = args.checktable(1);
                LuaValue f = args.checkfunction(2);
                int n = t.length();
                for (int i = 1; i <= n; i++) {
                    LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
                    if (!r.isnil()) {
                        return r;
                    }
                }
                return LuaValue.NONE;
            }
        });
        LuaValue math = globals.get("math");
        math.set("mod", math.get("fmod"));
        math.set("log10", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log10(x.checkdouble()));
            }
        });
        math.set("random", new MathRandom());
        math.set("randomseed", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue seed) {
                rand.seed((long) seed.checkdouble());
                return LuaValue.NONE;
            }
        });
        LuaValue string = globals.get("string");
        string.set("gfind", string.get("gmatch"));
        string.set("format", new StringFormat(string.get("format")));
        LuaValue rep = string.get("rep");
        string.set("rep", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // A heap exhausted by one script would kill every replica applying it (or only
                // some: heaps differ). A fixed cap, Redis's proto-max-bulk-len, fails the same everywhere.
                if ((double) args.checkstring(1).length() * args.checkdouble(2) > MAX_STRING) {
                    throw new LuaError("resulting string too large");
                }
                return rep.invoke(args);
            }
        });
        // Memory figures differ between replicas; a script that reads them must not diverge.
        real.rawset("gcinfo", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(0);
            }
        });
        real.rawset("collectgarbage", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(0);
            }
        });
        VarArgFunction loadstring = new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString src = args.checkstring(1);
                String name = args.optjstring(2, "=(load)");
                try {
                    return globals.load(new ByteArrayInputStream(LuaToReply.bytes(src)), name, "t", env);
                } catch (LuaError e) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message(e)));
                }
            }
        };
        real.rawset("loadstring", loadstring);
        real.rawset("load", loadstring);
        real.rawset("math", readOnly(math));
        real.rawset("string", readOnly(string));
        real.rawset("table", readOnly(table));
        real.rawset("coroutine", readOnly(globals.get("coroutine")));
        real.rawset("bit", readOnly(BitLib.create()));
        real.rawset("struct", readOnly(StructLib.create()));
        real.rawset("cjson", readOnly(CjsonLib.create()));
        real.rawset("cmsgpack", readOnly(CmsgpackLib.create()));
        real.rawset("redis", readOnly(RedisLib.create(this)));
        real.rawset("__redis__err__handler", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue err) {
                return err;
            }
        });

        // The scripts' environment must be a Globals: LuaJ calls the instruction hook only for
        // closures whose environment is one.
        Globals proxy = new Globals();
        proxy.debuglib = budget;
        readOnly(proxy, real);
        real.rawset("_G", proxy);
        LuaTable undeclared = new LuaTable();
        undeclared.rawset(LuaValue.INDEX, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError("Script attempted to access nonexistent global variable '"
                        + args.arg(2).tojstring() + "'");
            }
        });
        real.setmetatable(undeclared);
        return proxy;
    }

    /** Redis 7 runs functions in an environment of their own: no KEYS/ARGV globals. */
    private void buildFunctionSandbox() {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = real.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            String name = k.tojstring();
            if (!name.equals("KEYS") && !name.equals("ARGV") && !name.equals("_G")) {
                funcReal.rawset(k, n.arg(2));
            }
        }
        funcEnv.debuglib = budget;
        readOnly(funcEnv, funcReal);
        funcReal.rawset("_G", funcEnv);
        funcReal.setmetatable(real.getmetatable());
        fullRedis = real.rawget("redis");
        LuaTable load = new LuaTable();
        for (String c : new String[]{"LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING", "log",
                "REDIS_VERSION", "REDIS_VERSION_NUM", "setresp"}) {
            load.rawset(c, fullRedis.get(c));
        }
        load.rawset("register_function", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                register(args);
                return LuaValue.NONE;
            }
        });
        load.setmetatable(real.getmetatable()); // redis.call while loading: Redis's "nonexistent global" error
        loadRedis = readOnly(load);
    }

    private void register(Varargs args) {
        LuaValue name;
        LuaValue callback;
        LuaValue flags = LuaValue.NIL;
        LuaValue description = LuaValue.NIL;
        if (args.narg() == 1 && args.arg1().istable()) {
            LuaValue t = args.arg1();
            name = t.get("function_name");
            callback = t.get("callback");
            flags = t.get("flags");
            description = t.get("description");
        } else if (args.narg() == 2) {
            name = args.arg(1);
            callback = args.arg(2);
        } else {
            throw RedisLib.errorTable("ERR wrong number of arguments to redis.register_function");
        }
        if (!name.isstring() || !callback.isfunction()) {
            throw RedisLib.errorTable(!name.isstring() ? "ERR function_name argument given to redis.register_function must be a string"
                    : "ERR callback argument given to redis.register_function must be a function");
        }
        String n = name.tojstring();
        if (n.isEmpty() || !n.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '_')) {
            throw RedisLib.errorTable("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
        for (Function f : registering) {
            if (f.name().equals(n)) {
                throw RedisLib.errorTable("ERR Function already exists in the library");
            }
        }
        List<String> flagList = new ArrayList<>();
        if (flags.istable()) {
            for (int i = 1; !flags.get(i).isnil(); i++) {
                flagList.add(flags.get(i).tojstring());
            }
        }
        registering.add(new Function(n, new LuajScript((LuaFunction) callback), flagList,
                description.isstring() ? LuaToReply.bytes(description.checkstring()) : null));
    }

    @Override
    public List<Function> loadLibrary(byte[] body) {
        LuaFunction chunk;
        try {
            chunk = (LuaFunction) globals.load(new ByteArrayInputStream(body), FUNCTION_CHUNK, "t", funcEnv);
        } catch (LuaError e) {
            throw new ScriptError("ERR Error compiling function: " + message(e));
        }
        registering = new ArrayList<>();
        funcReal.rawset("redis", loadRedis);
        Run run = new Run(null, null);
        current = run;
        rand.seed(0);
        budget.start(run, instructionLimit);
        try {
            chunk.invoke();
            return registering;
        } catch (LuaError e) {
            throw new ScriptError("ERR Error registering functions: " + errorText(e, FUNCTION_CHUNK.substring(1) + ":" + line(e) + ": "));
        } finally {
            budget.stop();
            current = null;
            registering = null;
            funcReal.rawset("redis", fullRedis);
        }
    }

    @Override
    public void call(Compiled function, String name, List<byte[]> keys, List<byte[]> args, ScriptHost host, ReplySink out) {
        execute(function, name, FUNCTION_CHUNK, LuaValue.varargsOf(array(keys), array(args)), host, out);
    }

    /** An empty table reading through to {@code target} and refusing every write, as Redis 7's readonly tables. */
    static LuaTable readOnly(LuaValue target) {
        return readOnly(new LuaTable(), target);
    }

    private static LuaTable readOnly(LuaTable proxy, LuaValue target) {
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, target);
        meta.rawset(LuaValue.NEWINDEX, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError("Attempt to modify a readonly table");
            }
        });
        meta.rawset(LuaValue.METATABLE, LuaValue.FALSE);
        proxy.setmetatable(meta);
        return proxy;
    }

    /**
     * pcall and xpcall as scripts see them in Redis 7.0: the error value is Lua 5.1's text
     * ("user_script:1: msg"), an error table ({err=...}, what redis.call raises) arrives as its
     * message, and a script stopped by its budget cannot be caught.
     */
    private VarArgFunction protectedCall(boolean withHandler) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue f = args.arg1();
                LuaValue handler = withHandler ? args.arg(2) : LuaValue.NIL;
                long entered = budget.entered();
                try {
                    return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(withHandler ? LuaValue.NONE : args.subargs(2)));
                } catch (LuaError e) {
                    if (e instanceof Budget.Exhausted || (current != null && current.killed)) {
                        throw current != null && current.byUser ? new Budget.Killed() : new Budget.Exhausted();
                    }
                    // A tail call fails after its Lua caller returned; name that caller's line.
                    String fl = FileLine.of(e);
                    LuaValue v = errorValue(e, fl != null ? fl : budget.entered() > entered ? budget.lastPosition() : null);
                    return LuaValue.varargsOf(LuaValue.FALSE, withHandler ? handler.call(v) : v);
                } catch (StackOverflowError e) {
                    return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("stack overflow"));
                }
            }
        };
    }

    private static LuaValue errorValue(LuaError e, String fl) {
        LuaValue o = e.getMessageObject();
        if (o == null) {
            return LuaValue.NIL;
        }
        if (o.istable() && o.rawget("err").type() == LuaValue.TSTRING) {
            return o.rawget("err");
        }
        if (o.type() != LuaValue.TSTRING) {
            return o;
        }
        String msg = normalise(o.tojstring());
        if (fl != null && !POSITIONED.matcher(msg).find() && !fl.endsWith(":?")) {
            // Raised by a library function that a Lua function called: 5.1 names that line.
            msg = (fl.startsWith("@") ? fl.substring(1) : fl) + ": " + msg;
        }
        return LuaValue.valueOf(msg);
    }

    /** LuaJ's "@user_script:1 msg" (plus a traceback line) as Lua 5.1's "user_script:1: msg". */
    static String normalise(String luajMessage) {
        String m = luajMessage;
        int nl = m.indexOf("\nstack traceback");
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        while (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1);
        }
        Matcher at = LUAJ_POSITION.matcher(m);
        return at.find() ? at.group(1) + ":" + at.group(2) + ": " + m.substring(at.end()) : m;
    }

    private static String message(LuaError e) {
        LuaValue o = e.getMessageObject();
        return normalise(o == null ? "nil" : o.tojstring());
    }

    private final class MathRandom extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            double r = rand.nextDouble();
            switch (args.narg()) {
                case 0:
                    return LuaValue.valueOf(r);
                case 1: {
                    int u = args.checkint(1);
                    if (u < 1) {
                        throw new LuaError("bad argument #1 to 'random' (interval is empty)");
                    }
                    return LuaValue.valueOf(Math.floor(r * u) + 1);
                }
                case 2: {
                    int l = args.checkint(1);
                    int u = args.checkint(2);
                    if (l > u) {
                        throw new LuaError("bad argument #2 to 'random' (interval is empty)");
                    }
                    return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
                }
                default:
                    throw new LuaError("wrong number of arguments");
            }
        }
    }

    private record LuajScript(LuaFunction function) implements Compiled {
    }

    @Override
    public Compiled compile(byte[] body) {
        try {
            return new LuajScript((LuaFunction) globals.load(new ByteArrayInputStream(body), CHUNK, "t", env));
        } catch (LuaError e) {
            throw new ScriptError("ERR Error compiling script (new function): " + message(e));
        }
    }

    @Override
    public void run(Compiled script, String sha, List<byte[]> keys, List<byte[]> args, ScriptHost host, ReplySink out) {
        real.rawset("KEYS", array(keys));
        real.rawset("ARGV", array(args));
        execute(script, sha, CHUNK, LuaValue.NONE, host, out);
    }

    private void execute(Compiled script, String name, String chunk, Varargs params, ScriptHost host, ReplySink out) {
        Run run = new Run(host, name);
        current = run;
        rand.seed(host.seed());
        budget.start(run, instructionLimit, activity.busyAt(), chunk.equals(FUNCTION_CHUNK));
        try {
            Varargs v = ((LuajScript) script).function().invoke(params);
            LuaToReply.write(v.arg1(), out, run.resp);
        } catch (Budget.Killed e) {
            out.error("ERR Script killed by user with SCRIPT KILL... script: " + name + ", on " + chunk + ":" + line(e) + ".");
        } catch (Budget.Exhausted e) {
            out.error("ERR Script exceeded its instruction budget (lua-time-limit) script: " + name
                    + ", on " + chunk + ":" + line(e) + ".");
        } catch (LuaError e) {
            out.error(errorText(e, chunk.substring(1) + ":" + line(e) + ": ") + " script: " + name + ", on " + chunk + ":" + line(e) + ".");
        } catch (StackOverflowError e) {
            out.error("ERR Error running script: stack overflow script: " + name + ", on " + chunk + ":?.");
        } finally {
            budget.stop();
            current = null;
        }
    }

    private static LuaTable array(List<byte[]> items) {
        LuaTable t = new LuaTable(items.size(), 0);
        for (int i = 0; i < items.size(); i++) {
            t.rawset(i + 1, LuaValue.valueOf(items.get(i)));
        }
        return t;
    }

    private String line(LuaError e) {
        String fl = fileline(e);
        int colon = fl == null ? -1 : fl.lastIndexOf(':');
        String line = colon < 0 ? "?" : fl.substring(colon + 1);
        if (line.equals("?")) {
            // A tail call (return redis.call(...)) fails after its caller's frame is gone.
            int known = budget.currentLine();
            return known < 0 ? "?" : Integer.toString(known);
        }
        return line;
    }

    private static String fileline(LuaError e) {
        return FileLine.of(e);
    }

    /**
     * Redis 7.0's text for a script that raised an error (the reply adds the script and line): a table error keeps its text
     * ({@code {err=...}}, what redis.call raises), any other value gets "ERR "; both end
     * with the script and the line that raised it.
     */
    static String errorText(LuaError e, String position) {
        LuaValue o = e.getMessageObject();
        if (o != null && o.istable() && o.rawget("err").type() == LuaValue.TSTRING) {
            return LuaToReply.latin1(o.rawget("err").checkstring());
        }
        String msg = normalise(o == null ? "nil" : o.tojstring());
        // Errors raised by library functions carry the calling line in Lua 5.1 (luaL_error);
        // LuaJ leaves them bare.
        if (o != null && o.type() == LuaValue.TSTRING && !POSITIONED.matcher(msg).find() && !position.contains(":?:")) {
            msg = position + msg;
        }
        return "ERR " + msg;
    }

    private static final Pattern POSITIONED = Pattern.compile("^[^\\s:]+:\\d+: ");
}
