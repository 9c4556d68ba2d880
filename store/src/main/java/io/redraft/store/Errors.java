package io.redraft.store;

/** Redis 7 error texts, byte for byte. */
public final class Errors {
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String SYNTAX = "ERR syntax error";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OUT_OF_RANGE = "ERR index out of range";
    public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

    private Errors() {
    }

    public static CommandError wrongType() {
        return new CommandError(WRONGTYPE);
    }

    public static CommandError syntax() {
        return new CommandError(SYNTAX);
    }

    public static CommandError notInteger() {
        return new CommandError(NOT_INTEGER);
    }

    public static CommandError notFloat() {
        return new CommandError(NOT_FLOAT);
    }
}
