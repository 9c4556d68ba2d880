package io.redraft.testkit.lin;

/** Operations of the key-value register model. */
public enum OpKind {
    /** Reads the whole value of a key. */
    GET,
    /** Overwrites the value of a key. */
    PUT,
    /** Appends a suffix to the value of a key (an absent key counts as empty). */
    APPEND
}
