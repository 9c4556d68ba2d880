package io.redraft.script;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.ExecContext;
import io.redraft.store.Nums;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/** FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/KILL and FCALL/FCALL_RO, as Redis 7.0 answers them. */
final class FunctionCommands {
    private final FunctionLibraries libraries = new FunctionLibraries();
    private final ScriptEngine engine;
    /** A script host for (entry context, read-only). */
    private final BiFunction<ExecContext, Boolean, ScriptHost> hosts;

    FunctionCommands(ScriptEngine engine, BiFunction<ExecContext, Boolean, ScriptHost> hosts) {
        this.engine = engine;
        this.hosts = hosts;
    }

    FunctionLibraries libraries() {
        return libraries;
    }

    void register(CommandTable t) {
        t.add("fcall", -3, "write noscript stale movablekeys", 0, 0, 0, Scripting::keys, c -> fcall(c, false));
        t.add("fcall_ro", -3, "readonly noscript stale movablekeys", 0, 0, 0, Scripting::keys, c -> fcall(c, true));
        t.container("function", -2, "");
        t.add("function|load", -3, "write denyoom noscript", 0, 0, 0, this::load);
        t.add("function|delete", 3, "write noscript", 0, 0, 0, this::delete);
        t.add("function|flush", -2, "write noscript", 0, 0, 0, this::flush);
        t.add("function|list", -2, "readonly noscript", 0, 0, 0, this::list);
        t.add("function|stats", 2, "readonly noscript", 0, 0, 0, this::stats);
        t.add("function|dump", 2, "readonly noscript", 0, 0, 0, this::dump);
        t.add("function|restore", -3, "write denyoom noscript", 0, 0, 0, this::restore);
        t.add("function|kill", 2, "readonly noscript", 0, 0, 0,
                c -> c.out().error("NOTBUSY No scripts in execution right now."));
    }

    private static boolean validName(String n) {
        return !n.isEmpty() && n.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch) || ch == '_');
    }

    private void dump(Call c) {
        List<byte[]> codes = new java.util.ArrayList<>();
        libraries.all().forEach(l -> codes.add(l.code()));
        c.out().bulk(FunctionDump.dump(codes));
    }

    private void restore(Call c) {
        String policy = "append";
        if (c.argc() == 4) {
            if (c.argIs(3, "append") || c.argIs(3, "replace") || c.argIs(3, "flush")) {
                policy = c.argString(3).toLowerCase(java.util.Locale.ROOT);
            } else {
                throw new CommandError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            }
        } else if (c.argc() > 4) {
            throw Errors.syntax();
        }
        List<FunctionLibraries.Library> loaded = new java.util.ArrayList<>();
        FunctionLibraries staging = new FunctionLibraries();
        for (byte[] code : FunctionDump.parse(c.arg(2))) {
            FunctionLibraries.Library lib = compileLibrary(code, staging, true);
            staging.put(lib);
            loaded.add(lib);
        }
        if (policy.equals("append")) {
            for (FunctionLibraries.Library lib : loaded) {
                if (libraries.library(lib.name()) != null) {
                    throw new CommandError("ERR Library " + lib.name() + " already exists");
                }
            }
        }
        if (policy.equals("flush")) {
            libraries.clear();
        }
        for (FunctionLibraries.Library lib : loaded) {
            for (ScriptEngine.Function f : lib.functions()) {
                FunctionLibraries.Library owner = libraries.owner(f.name());
                if (owner != null && !owner.name().equals(lib.name())) {
                    throw new CommandError("ERR Function " + f.name() + " already exists");
                }
            }
        }
        loaded.forEach(libraries::put);
        c.ok();
    }

    /** Validates and runs one library's code; {@code into} is checked for clashes unless replacing. */
    private FunctionLibraries.Library compileLibrary(byte[] code, FunctionLibraries into, boolean replace) {
        String name = libraryName(code);
        if (!replace && into.library(name) != null) {
            throw new CommandError("ERR Library '" + name + "' already exists");
        }
        List<ScriptEngine.Function> functions;
        try {
            functions = engine.loadLibrary(Shebang.luaBody(code));
        } catch (ScriptError e) {
            throw new CommandError(e.getMessage());
        }
        if (functions.isEmpty()) {
            throw new CommandError("ERR No functions registered");
        }
        for (ScriptEngine.Function f : functions) {
            FunctionLibraries.Library owner = into.owner(f.name());
            if (owner != null && !owner.name().equals(name)) {
                throw new CommandError("ERR Function " + f.name() + " already exists");
            }
            for (String flag : f.flags()) {
                if (java.util.Arrays.stream(Shebang.Flag.values()).noneMatch(x -> x.text.equals(flag))) {
                    throw new CommandError("ERR Error registering functions: ERR Unknown flag given");
                }
            }
        }
        return new FunctionLibraries.Library(name, code.clone(), functions);
    }

    /** Restores libraries from an RDB function section's codes (a snapshot being installed). */
    void restoreCodes(List<byte[]> codes) {
        FunctionLibraries staging = new FunctionLibraries();
        for (byte[] code : codes) {
            staging.put(compileLibrary(code, staging, true));
        }
        libraries.clear();
        staging.all().forEach(libraries::put);
    }

    private void load(Call c) {
        boolean replace = false;
        int i = 2;
        while (i < c.argc() - 1) {
            if (c.argIs(i, "replace")) {
                replace = true;
                i++;
            } else {
                throw new CommandError("ERR Unknown option given: " + c.argString(i));
            }
        }
        if (i != c.argc() - 1) {
            throw new CommandError("ERR Function code was not given");
        }
        FunctionLibraries.Library lib = compileLibrary(c.arg(i), libraries, replace);
        libraries.put(lib);
        c.out().bulk(lib.name().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The {@code #!lua name=lib} first line, with Redis's errors. */
    private static String libraryName(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new CommandError("ERR Missing library metadata");
        }
        int end = 0;
        while (end < code.length && code[end] != '\n') {
            end++;
        }
        String[] parts = new String(code, 2, end - 2, StandardCharsets.ISO_8859_1).trim().split(" +");
        if (!parts[0].equalsIgnoreCase("lua")) {
            throw new CommandError("ERR Engine '" + parts[0] + "' not found");
        }
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].startsWith("name=")) {
                name = parts[i].substring(5);
            } else {
                throw new CommandError("ERR Invalid metadata value given: " + parts[i]);
            }
        }
        if (name == null) {
            throw new CommandError("ERR Library name was not given");
        }
        if (!validName(name)) {
            throw new CommandError("ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
        return name;
    }

    private void fcall(Call c, boolean readOnlyCommand) {
        String name = c.argString(1);
        ScriptEngine.Function f = libraries.function(name);
        if (f == null) {
            throw new CommandError("ERR Function not found");
        }
        int n = Scripting.numkeys(c);
        boolean noWrites = f.flags().contains(Shebang.Flag.NO_WRITES.text);
        // Redis's order: the OOM refusal (taken before the command runs) comes first.
        Scripting.refuseOverLimit(c.ctx(), f.flags().contains(Shebang.Flag.ALLOW_OOM.text), noWrites);
        if (readOnlyCommand && !noWrites) {
            throw new CommandError("ERR Can not execute a script with write flag using *_ro command.");
        }
        engine.call(f.callable(), name, c.argv().subList(3, 3 + n), c.argv().subList(3 + n, c.argc()),
                hosts.apply(c.ctx(), readOnlyCommand || noWrites), c.out());
    }

    private void delete(Call c) {
        if (!libraries.remove(c.argString(2))) {
            throw new CommandError("ERR Library not found");
        }
        c.ok();
    }

    private void flush(Call c) {
        if (c.argc() > 3 || (c.argc() == 3 && !c.argIs(2, "sync") && !c.argIs(2, "async"))) {
            throw new CommandError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        libraries.clear();
        c.ok();
    }

    private void list(Call c) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < c.argc(); i++) {
            if (c.argIs(i, "withcode") && !withCode) {
                withCode = true;
            } else if (c.argIs(i, "libraryname") && pattern == null && i + 1 < c.argc()) {
                pattern = c.arg(++i);
            } else {
                throw new CommandError("ERR Unknown argument " + c.argString(i));
            }
        }
        List<FunctionLibraries.Library> shown = new java.util.ArrayList<>();
        for (FunctionLibraries.Library lib : libraries.all()) {
            if (pattern == null || io.redraft.store.Glob.matches(pattern, lib.name().getBytes(StandardCharsets.ISO_8859_1), false)) {
                shown.add(lib);
            }
        }
        ReplySink out = c.out();
        out.arrayHeader(shown.size());
        for (FunctionLibraries.Library lib : shown) {
            out.mapHeader(withCode ? 4 : 3);
            bulk(out, "library_name");
            bulk(out, lib.name());
            bulk(out, "engine");
            bulk(out, "LUA");
            bulk(out, "functions");
            out.arrayHeader(lib.functions().size());
            for (ScriptEngine.Function f : lib.functions()) {
                out.mapHeader(3);
                bulk(out, "name");
                bulk(out, f.name());
                bulk(out, "description");
                if (f.description() == null) {
                    out.nullBulk();
                } else {
                    out.bulk(f.description());
                }
                bulk(out, "flags");
                out.setHeader(f.flags().size());
                for (String flag : f.flags()) {
                    out.status(flag);
                }
            }
            if (withCode) {
                bulk(out, "library_code");
                out.bulk(lib.code());
            }
        }
    }

    private void stats(Call c) {
        ReplySink out = c.out();
        out.mapHeader(2);
        bulk(out, "running_script");
        out.nullBulk();
        bulk(out, "engines");
        out.mapHeader(1);
        bulk(out, "LUA");
        out.mapHeader(2);
        bulk(out, "libraries_count");
        out.integer(libraries.all().size());
        bulk(out, "functions_count");
        out.integer(libraries.functionCount());
    }

    private static void bulk(ReplySink out, String s) {
        out.bulk(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
