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
    INCR,
    /**
     * Compare-and-set: writes the new value if the key holds the expected one (an empty expected
     * value means absent). The op's value is {@code expected->new=outcome}, the outcome {@code 1}
     * (written), {@code 0} (not) or {@code ?} (the reply never came); see {@link #casValue}.
     */
    CAS;

    /** True if the reply carries a value the op's outcome depends on (GET, INCR, CAS), false for blind writes. */
    public boolean returnsValue() {
        return this == GET || this == INCR || this == CAS;
    }

    /** A CAS op's value: what it expected, what it would write, and its outcome ({@code null}: unknown). */
    public static String casValue(String expected, String next, String outcome) {
        return expected + "->" + next + "=" + (outcome == null ? "?" : outcome);
    }
}
