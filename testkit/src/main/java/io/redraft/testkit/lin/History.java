package io.redraft.testkit.lin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records client operations as they are invoked and completed. Time is the recording order, so a
 * history taken from one thread (or one simulated world) has no ties: an op completed before
 * another was invoked is strictly before it, even when both happen at the same virtual instant.
 */
public final class History {
    /** A pending operation; complete it exactly once with {@code ok}, {@code fail} or {@code unknown}. */
    public final class Pending {
        private final int id;
        private final int client;
        private final OpKind kind;
        private final String key;
        private final String value;
        private final long invoked;
        private boolean done;

        private Pending(int id, int client, OpKind kind, String key, String value, long invoked) {
            this.id = id;
            this.client = client;
            this.kind = kind;
            this.key = key;
            this.value = value;
            this.invoked = invoked;
        }

        /** The op took effect; for a GET, {@code read} is what it saw ({@code null}: absent), for an INCR the new value. */
        public void ok(String read) {
            finish(kind == OpKind.CAS ? casOutcome(read) : kind.returnsValue() ? read : value, ++clock);
        }

        /** A CAS's recorded value is its arguments (given at invoke) plus the outcome {@code read}. */
        private String casOutcome(String outcome) {
            return value.substring(0, value.lastIndexOf('=') + 1) + (outcome == null ? "?" : outcome);
        }

        /** The op certainly did not take effect (e.g. rejected before being proposed). */
        public void fail() {
            finish(null, -1);
        }

        /** The client gave up without knowing whether the op took effect. */
        public void unknown() {
            finish(kind == OpKind.CAS ? casOutcome(null) : kind.returnsValue() ? null : value, Op.NEVER);
        }

        public OpKind kind() {
            return kind;
        }

        private void finish(String v, long returned) {
            if (done) throw new IllegalStateException("op " + id + " completed twice");
            done = true;
            outstanding--;
            if (returned >= 0) ops.add(new Op(id, client, kind, key, v, invoked, returned));
        }
    }

    private final List<Op> ops = new ArrayList<>();
    private long clock;
    private int nextId;
    private int outstanding;

    public Pending invoke(int client, OpKind kind, String key, String value) {
        outstanding++;
        return new Pending(nextId++, client, kind, key, value, ++clock);
    }

    /** Completed and indeterminate ops; ops still outstanding are not included. */
    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    public int outstanding() {
        return outstanding;
    }
}
