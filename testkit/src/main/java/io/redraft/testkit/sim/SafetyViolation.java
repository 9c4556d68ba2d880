package io.redraft.testkit.sim;

/** A Raft safety property (or linearizability) failed; the message names which and where. */
public final class SafetyViolation extends RuntimeException {
    private final String property;

    SafetyViolation(String property, String detail) {
        super(property + ": " + detail);
        this.property = property;
    }

    /** Short name of the property that failed, e.g. "Election Safety". */
    public String property() {
        return property;
    }
}
