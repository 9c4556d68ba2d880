package io.redraft.testkit.lin;

/** Operations of the key-value register model. */
public enum OpKind {
    /** Reads the whole value of a key. */
    GET,
    /** Overwrites the value of a key. */
    PUT,
    /** Appends a suffix to the value of a key (an absent key counts as empty). */
    APPEND,
    /**
     * Redis INCR: adds one to the integer value (an absent key counts as 0); the op's value is the
     * new value the reply carried, {@code null} if the reply never came.
     */
    INCR;

    /** True if the reply carries a value the op's outcome depends on (GET, INCR), false for blind writes. */
    public boolean returnsValue() {
        return this == GET || this == INCR;
    }
}
