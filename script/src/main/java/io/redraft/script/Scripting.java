package io.redraft.script;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.ExecContext;
import io.redraft.store.Nums;
import io.redraft.store.Store;
import io.redraft.store.StoreExtension;
import io.redraft.store.rdb.RdbExtras;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redis 7's scripting commands as a store extension: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and
 * SCRIPT LOAD/EXISTS/FLUSH/KILL, FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/KILL, FCALL and FCALL_RO.
 * Construct the store with {@code new Store(new Scripting())}.
 *
 * <p>A script runs inside the command that carries it, so on every replica when its log entry
 * applies, with the entry's time and seed: commands it calls see {@link ExecContext#nowMillis()},
 * math.random is seeded from {@link ExecContext#seed()}. EVAL and EVALSHA carry the {@code write}
 * flag so that the server logs them; the _RO forms are reads.
 */
public final class Scripting implements StoreExtension {
    private final ScriptCache cache = new ScriptCache();
    private final ScriptEngine engine;
    private final FunctionCommands functions;
    private Store store;
    private CommandTable table;

    /** @param engine the interpreter; one per store (it holds the Lua state) */
    public Scripting(ScriptEngine engine) {
        this.engine = engine;
        this.functions = new FunctionCommands(engine, Host::new);
    }

    /** LuaJ with a budget of 10^9 VM instructions per script (seconds of CPU, like Redis's 5 s busy threshold). */
    public Scripting() {
        this(new LuajEngine(1_000_000_000L));
    }

    /** Name to code of the FUNCTION libraries, in load order (what an RDB function section holds). */
    public Map<String, byte[]> libraries() {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        functions.libraries().all().forEach(l -> out.put(l.name(), l.code()));
        return out;
    }

    /**
     * The libraries as Redis's RDB function section (RDB_OPCODE_FUNCTION2 records), for a snapshot
     * writer to put before the keyspace; empty without libraries.
     */
    public byte[] rdbFunctionSection() {
        return FunctionDump.section(new ArrayList<>(libraries().values()));
    }

    /**
     * Replaces the libraries with those of an RDB function section's codes (a snapshot being
     * installed): what FUNCTION RESTORE ... FLUSH does.
     */
    public void restoreLibraries(List<byte[]> codes) {
        functions.restoreCodes(codes);
    }

    /** The AUX field that carries the script cache in a snapshot (docs/scripting.md). */
    public static final String SCRIPTS_AUX = "redraft-scripts";

    /**
     * The script cache as AUX {@code redraft-scripts} and the libraries as function records: a
     * node that installs the snapshot (or restarts from it) can EVALSHA what was loaded before it.
     */
    @Override
    public void saveTo(Map<String, byte[]> aux, List<byte[]> functionCodes) {
        if (cache.size() > 0) aux.put(SCRIPTS_AUX, ScriptsAux.encode(cache.bodies().values()));
        functionCodes.addAll(libraries().values());
    }

    /**
     * The cache and the libraries become the file's: absent ones are dropped. A library that does
     * not compile here (a redis-server dump using something LuaJ lacks) is left out rather than
     * refusing the whole file; every node loads the same file, so all leave out the same ones.
     */
    @Override
    public void loadFrom(RdbExtras extras) {
        cache.clear();
        byte[] blob = extras.aux().get(SCRIPTS_AUX);
        if (blob != null) {
            for (byte[] body : ScriptsAux.decode(blob)) {
                try {
                    cache.put(RedisLib.sha1hex(body), compile(body));
                } catch (CommandError e) {
                    // compiled when it was loaded, with the same engine: cannot happen for our files
                }
            }
        }
        List<byte[]> codes = extras.functions();
        try {
            functions.restoreCodes(codes);
        } catch (CommandError e) {
            List<byte[]> usable = new ArrayList<>();
            for (byte[] code : codes) {
                List<byte[]> attempt = new ArrayList<>(usable);
                attempt.add(code);
                try {
                    functions.restoreCodes(attempt);
                    usable.add(code);
                } catch (CommandError skip) {
                    // left out, see above
                }
            }
            functions.restoreCodes(usable);
        }
    }

    /**
     * PUBLISH and SPUBLISH called from a script: the server's delivery, which must run at apply (a
     * script runs when its entry applies on every node, so each node delivers to its own
     * subscribers, as for a logged PUBLISH). Returns the receiver count the script sees.
     */
    @FunctionalInterface
    public interface Publisher {
        long publish(boolean shard, byte[] channel, byte[] message);
    }

    private Publisher publisher;
    private ScriptAcl acl = ScriptAcl.NONE;

    /** The permissions commands called by scripts are checked against (the server's ACL). */
    public void acl(ScriptAcl acl) {
        this.acl = acl == null ? ScriptAcl.NONE : acl;
    }

    /**
     * Hook for Pub/Sub (being built beside scripting): until the server sets it, PUBLISH inside a
     * script is an unknown command, as before. TODO(pubsub): set it from the node's Subscriptions
     * when Pub/Sub is merged. Caution for whoever wires it: a receiver count differs between
     * replicas (each counts its own subscribers), so a script that writes depending on it would
     * diverge; return a replica-independent count (e.g. the one logged with the entry, or 0).
     */
    public void publisher(Publisher p) {
        this.publisher = p;
    }

    /** The running script as other threads see it: the server answers BUSY and SCRIPT/FUNCTION KILL from it. */
    public ScriptActivity activity() {
        return engine.activity();
    }

    /** SHA-1 to body of the cached scripts, in load order. */
    public Map<String, byte[]> scripts() {
        return cache.bodies();
    }

    @Override
    public void register(CommandTable t, Store s) {
        this.store = s;
        this.table = t;
        t.add("eval", -3, "write noscript stale movablekeys", 0, 0, 0, Scripting::keys, c -> eval(c, false, false));
        t.add("evalsha", -3, "write noscript stale movablekeys", 0, 0, 0, Scripting::keys, c -> eval(c, true, false));
        t.add("eval_ro", -3, "readonly noscript stale movablekeys", 0, 0, 0, Scripting::keys, c -> eval(c, false, true));
        t.add("evalsha_ro", -3, "readonly noscript stale movablekeys", 0, 0, 0, Scripting::keys, c -> eval(c, true, true));
        t.container("script", -2, "");
        t.add("script|load", 3, "write noscript stale", 0, 0, 0, this::load);
        t.add("script|exists", -3, "readonly noscript stale", 0, 0, 0, this::exists);
        t.add("script|flush", -2, "write noscript", 0, 0, 0, this::flush);
        t.add("script|kill", 2, "readonly noscript stale", 0, 0, 0,
                c -> c.out().error(engine.activity().kill(false)));
        functions.register(t);
    }

    /** EVAL's keys: numkeys at argument 2, the keys right after it. */
    static List<Integer> keys(List<byte[]> argv) {
        List<Integer> out = new ArrayList<>();
        if (argv.size() < 3) {
            return out;
        }
        Long n = Nums.parseLongOr(argv.get(2), null);
        if (n == null || n < 0 || n > argv.size() - 3) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out.add(3 + i);
        }
        return out;
    }

    /** The numkeys argument of EVAL and FCALL (argument 2), checked as Redis checks it. */
    static int numkeys(Call c) {
        Long numkeys = Nums.parseLongOr(c.arg(2), null);
        if (numkeys == null) {
            throw Errors.notInteger();
        }
        if (numkeys > c.argc() - 3) {
            throw new CommandError("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw new CommandError("ERR Number of keys can't be negative");
        }
        return (int) (long) numkeys;
    }

    private void eval(Call c, boolean bySha, boolean readOnlyCommand) {
        int n = numkeys(c);
        String sha;
        ScriptCache.Script script;
        if (bySha) {
            sha = new String(c.arg(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            script = sha.length() == 40 ? cache.get(sha) : null;
            if (script == null) {
                throw new CommandError("NOSCRIPT No matching script. Please use EVAL.");
            }
        } else {
            sha = RedisLib.sha1hex(c.arg(1));
            script = cache.get(sha);
            if (script == null) {
                script = compile(c.arg(1));
                cache.put(sha, script);
            }
        }
        Shebang shebang = script.shebang();
        // Redis's order: the OOM refusal (taken before the command runs) comes first.
        if (shebang.present()) refuseOverLimit(c.ctx(), shebang.flags().contains(Shebang.Flag.ALLOW_OOM),
                shebang.flags().contains(Shebang.Flag.NO_WRITES));
        if (readOnlyCommand && shebang.present() && !shebang.flags().contains(Shebang.Flag.NO_WRITES)) {
            throw new CommandError("ERR Can not execute a script with write flag using *_ro command.");
        }
        boolean readOnly = readOnlyCommand || shebang.flags().contains(Shebang.Flag.NO_WRITES);
        List<byte[]> keys = c.argv().subList(3, 3 + n);
        List<byte[]> args = c.argv().subList(3 + n, c.argc());
        // Only a script without a shebang has its calls checked: one with flags either may use
        // memory (allow-oom, no-writes) or did not start at all over the limit (refused above).
        engine.run(script.compiled(), sha, keys, args, new Host(c.ctx(), readOnly, !shebang.present()), c.out());
    }

    /** Redis's error for a {@code denyoom} command over {@code maxmemory}. */
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    /**
     * A script or function with flags, neither {@code allow-oom} nor {@code no-writes}, does not
     * start when the leader logged it over the limit (Redis flags such a call {@code denyoom}).
     * The leader refuses it before logging; this catches an entry whose flag says otherwise.
     */
    static void refuseOverLimit(ExecContext ctx, boolean allowOom, boolean noWrites) {
        if (ctx.overLimit() && !allowOom && !noWrites) throw new CommandError(OOM);
    }

    /**
     * Whether this EVAL/EVALSHA/FCALL (or _RO form) is, for Redis 7.0, a {@code denyoom} command:
     * its script or function declares flags without {@code allow-oom} or {@code no-writes}
     * (Redis derives the command's flags from the script's). A script without a shebang, an
     * unknown SHA or function, or another command: false (the command's own flags decide).
     */
    public boolean denyOom(List<byte[]> argv) {
        if (argv.size() < 2) return false;
        String name = new String(argv.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        Shebang shebang;
        switch (name) {
            case "eval", "eval_ro" -> {
                try {
                    shebang = Shebang.parse(argv.get(1));
                } catch (ScriptError e) {
                    return false;
                }
            }
            case "evalsha", "evalsha_ro" -> {
                ScriptCache.Script s = cache.get(new String(argv.get(1), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
                if (s == null) return false;
                shebang = s.shebang();
            }
            case "fcall", "fcall_ro" -> {
                ScriptEngine.Function f = functions.libraries().function(new String(argv.get(1), StandardCharsets.ISO_8859_1));
                return f != null && !f.flags().contains(Shebang.Flag.ALLOW_OOM.text)
                        && !f.flags().contains(Shebang.Flag.NO_WRITES.text);
            }
            default -> {
                return false;
            }
        }
        return shebang.present() && !shebang.flags().contains(Shebang.Flag.ALLOW_OOM)
                && !shebang.flags().contains(Shebang.Flag.NO_WRITES);
    }

    private ScriptCache.Script compile(byte[] body) {
        try {
            Shebang shebang = Shebang.parse(body);
            return new ScriptCache.Script(body.clone(), engine.compile(Shebang.luaBody(body)), shebang);
        } catch (ScriptError e) {
            throw new CommandError(e.getMessage());
        }
    }

    private void load(Call c) {
        String sha = RedisLib.sha1hex(c.arg(2));
        if (!cache.contains(sha)) {
            cache.put(sha, compile(c.arg(2)));
        }
        c.out().bulk(sha.getBytes(StandardCharsets.US_ASCII));
    }

    private void exists(Call c) {
        c.out().arrayHeader(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            String sha = new String(c.arg(i), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            c.out().integer(cache.contains(sha) ? 1 : 0);
        }
    }

    private void flush(Call c) {
        if (c.argc() > 3 || (c.argc() == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async"))) {
            throw new CommandError("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        cache.clear();
        c.ok();
    }

    /**
     * Commands the server (not the store) implements that Redis 7.0 flags {@code noscript}: a
     * script naming them gets "not allowed", not "unknown".
     */
    private static final java.util.Set<String> SERVER_NOSCRIPT = java.util.Set.of("multi", "exec", "discard",
            "watch", "unwatch", "subscribe", "psubscribe", "unsubscribe", "punsubscribe", "ssubscribe",
            "sunsubscribe", "auth", "hello", "monitor", "sync", "psync", "replconf", "reset", "shutdown");

    /** How a script's redis.call reaches the store: Redis's checks first, then the command itself. */
    private final class Host implements ScriptHost {
        private final ExecContext ctx;
        private final boolean readOnly;
        /** Whether its calls of denyoom commands fail over the limit (a script without flags). */
        private final boolean oomChecked;
        private long calls;
        private volatile boolean wrote;

        /** A function's host: functions always have flags, see {@link #refuseOverLimit}. */
        Host(ExecContext ctx, Boolean readOnly) {
            this(ctx, readOnly, false);
        }

        Host(ExecContext ctx, boolean readOnly, boolean oomChecked) {
            this.ctx = ctx;
            this.readOnly = readOnly;
            this.oomChecked = oomChecked;
        }

        @Override
        public String call(List<byte[]> argv, ReplySink sink) {
            CommandTable.Entry e = table.resolve(argv);
            if (e == null && argv.size() == 1 && new String(argv.get(0), StandardCharsets.ISO_8859_1).equalsIgnoreCase("time")) {
                String denied = acl.refusal(argv);
                if (denied != null) return denied;
                // TIME is the server's, not the store's; a script reads the entry's time.
                long micros = ctx.nowMillis() * 1000;
                sink.arrayHeader(2);
                sink.bulk(Long.toString(micros / 1_000_000).getBytes(StandardCharsets.US_ASCII));
                sink.bulk(Long.toString(micros % 1_000_000).getBytes(StandardCharsets.US_ASCII));
                return null;
            }
            if (e == null && argv.size() == 2 && new String(argv.get(0), StandardCharsets.ISO_8859_1).equalsIgnoreCase("select")) {
                String denied = acl.refusal(argv);
                if (denied != null) return denied;
                // SELECT is the session's; Redraft has database 0 only, so a script can only stay there.
                Long db = Nums.parseLongOr(argv.get(1), null);
                if (db == null || db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
                    sink.error(Errors.NOT_INTEGER);
                } else if (db != 0) {
                    sink.error("ERR DB index is out of range");
                } else {
                    sink.status("OK");
                }
                return null;
            }
            if (e == null && publisher != null && argv.size() == 3) {
                String name = new String(argv.get(0), StandardCharsets.ISO_8859_1);
                if (name.equalsIgnoreCase("publish") || name.equalsIgnoreCase("spublish")) {
                    String denied = acl.refusal(argv);
                    if (denied != null) return denied;
                    sink.integer(publisher.publish(name.equalsIgnoreCase("spublish"), argv.get(1), argv.get(2)));
                    return null;
                }
            }
            if (e == null && SERVER_NOSCRIPT.contains(new String(argv.get(0), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT))) {
                return "ERR This Redis command is not allowed from script";
            }
            if (e == null || e.spec().has(CommandFlag.INTERNAL)) {
                return "ERR Unknown Redis command called from script";
            }
            CommandSpec spec = e.spec();
            if (!spec.arityOk(argv.size()) || e.handler() == null) {
                return "ERR Wrong number of args calling Redis command from script";
            }
            if (spec.has(CommandFlag.NOSCRIPT)) {
                return "ERR This Redis command is not allowed from script";
            }
            // Redis 7.0's order: the caller's permissions after noscript, before the read-only check.
            String denied = acl.refusal(argv);
            if (denied != null) {
                return denied;
            }
            if (readOnly && spec.isWrite()) {
                return "ERR Write commands are not allowed from read-only scripts.";
            }
            // As Redis 7.0: over the limit when the entry was logged, a denyoom call fails until
            // the script has called a write (after that, failing would leave it half done).
            if (oomChecked && ctx.overLimit() && !wrote && spec.has(CommandFlag.DENYOOM)) {
                return OOM;
            }
            if (spec.isWrite() && !wrote) wrote = true;
            // Each call gets its own seed derived from the entry's, the same on every replica.
            long seed = ctx.seed() + 0x9E3779B97F4A7C15L * ++calls;
            // The script's listener hears its commands' keyspace events and key-ready signals.
            store.execute(argv, new ExecContext(ctx.nowMillis(), seed, sink.protocol(), ctx.events()), sink);
            return null;
        }

        @Override
        public long seed() {
            return ctx.seed();
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        @Override
        public boolean wrote() {
            return wrote;
        }

        @Override
        public boolean commandExists(List<byte[]> argv) {
            return table.resolve(argv) != null;
        }

        @Override
        public boolean allowed(List<byte[]> argv) {
            return acl.allows(argv);
        }
    }
}
