package io.redraft.script;

import io.redraft.resp.ReplySink;

import java.util.List;

/** What a running script may reach outside the interpreter: Redis commands and its seed. */
public interface ScriptHost {
    /**
     * Runs one command for redis.call/redis.pcall, its reply rendered for {@code sink}'s
     * protocol. Returns Redis's error text when the script may not run this command (unknown,
     * wrong arity, {@code noscript}, a write from a read-only script); the command did not run.
     */
    String call(List<byte[]> argv, ReplySink sink);

    /** Seeds math.random for this run: the leader's seed of the entry, so every replica agrees. */
    long seed();

    /** Whether argv names a command (redis.acl_check_cmd's first check). */
    boolean commandExists(List<byte[]> argv);

    /** Whether the user running the script may run argv (redis.acl_check_cmd's answer). */
    default boolean allowed(List<byte[]> argv) {
        return true;
    }

    /** Whether the script may not write (EVAL_RO, FCALL_RO, no-writes): only such a script can be killed. */
    default boolean readOnly() {
        return false;
    }

    /** Whether a write command has run in this script; read from other threads (SCRIPT KILL). */
    default boolean wrote() {
        return false;
    }
}
