package io.redraft.testkit.elle;

import java.util.List;

/**
 * One transaction as a client saw it.
 *
 * @param id        unique in the history, used in explanations ("T12")
 * @param process   the client that ran it (one transaction at a time per client)
 * @param ops       its micro-ops in order; reads carry their results when {@code outcome} is OK
 * @param outcome   OK: it happened; FAIL: it certainly did not; INFO: it may or may not have
 *                  (timeout, EOF, -CLUSTERDOWN, -TIMEOUT), but never partly
 * @param invoked   real time (any monotonic unit) the client sent it
 * @param completed real time the client saw the reply; {@link #NEVER} for INFO
 */
public record Txn(int id, int process, List<MicroOp> ops, Outcome outcome, long invoked, long completed) {
    public enum Outcome { OK, FAIL, INFO }

    public static final long NEVER = Long.MAX_VALUE;

    public Txn {
        ops = List.copyOf(ops);
        if (outcome == Outcome.INFO) completed = NEVER;
        if (completed < invoked) throw new IllegalArgumentException("T" + id + " completes before it is invoked");
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    @Override
    public String toString() {
        return "T" + id + " (c" + process + ", " + outcome.name().toLowerCase() + ", " + ops + ")";
    }
}
