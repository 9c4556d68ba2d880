package io.redraft.script;

/** A script refused before it ran (compile error, unknown SHA): the message is the reply. */
public final class ScriptError extends RuntimeException {
    public ScriptError(String redisError) {
        super(redisError, null, false, false);
    }
}
