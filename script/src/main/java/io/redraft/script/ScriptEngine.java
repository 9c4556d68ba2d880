package io.redraft.script;

import io.redraft.resp.ReplySink;

import java.util.List;

/**
 * The Lua interpreter behind EVAL, kept behind this interface so that the engine choice
 * (docs/scripting.md: LuaJ today, Lua 5.1 through JNI possibly later) stays reversible. An
 * engine owns one Lua state per store, as Redis owns one per server.
 */
public interface ScriptEngine {
    /** A compiled script body, ready to run any number of times. */
    interface Compiled {
    }

    /**
     * Compiles a script body as the chunk {@code @user_script}.
     *
     * @throws ScriptError with Redis's "Error compiling script" text
     */
    Compiled compile(byte[] body);

    /**
     * Runs a compiled script with its KEYS and ARGV and writes its reply, or Redis's error
     * for a failed script, to {@code out}. Commands it calls go through {@code host}.
     */
    void run(Compiled script, String sha, List<byte[]> keys, List<byte[]> args, ScriptHost host, ReplySink out);

    /** A function a library registered with redis.register_function. */
    record Function(String name, Compiled callable, List<String> flags, byte[] description) {
    }

    /**
     * Runs a FUNCTION LOAD library body (shebang line blanked) once, in the functions' own
     * environment where redis.call is absent, and returns what it registered, in order.
     *
     * @throws ScriptError with Redis's text when it does not compile or raises
     */
    List<Function> loadLibrary(byte[] body);

    /** FCALL: runs a registered function with its keys and args as parameters. */
    void call(Compiled function, String name, List<byte[]> keys, List<byte[]> args, ScriptHost host, ReplySink out);

    /** The running script as other threads see it (BUSY, SCRIPT KILL). */
    ScriptActivity activity();
}
