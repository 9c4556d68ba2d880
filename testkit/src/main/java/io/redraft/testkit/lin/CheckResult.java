package io.redraft.testkit.lin;

/**
 * Verdict of a linearizability check.
 *
 * @param outcome     the verdict
 * @param explanation for a violation, which key and which operations could not be ordered; for
 *                    an unknown verdict, why the search gave up; empty when linearizable
 */
public record CheckResult(Outcome outcome, String explanation) {
    public enum Outcome { LINEARIZABLE, VIOLATION, UNKNOWN }

    static final CheckResult OK = new CheckResult(Outcome.LINEARIZABLE, "");

    public boolean ok() {
        return outcome == Outcome.LINEARIZABLE;
    }

    @Override
    public String toString() {
        return explanation.isEmpty() ? outcome.toString() : outcome + ": " + explanation;
    }
}
