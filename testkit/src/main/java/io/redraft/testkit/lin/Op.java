package io.redraft.testkit.lin;

/**
 * One client operation on a key-value register, as observed from outside the system.
 *
 * <p>Times are logical: only their order matters. An operation whose outcome the client never
 * learned ({@link #indeterminate()}) has {@code returned == Long.MAX_VALUE}: it may have taken
 * effect at any point after its invocation, or never, but at most once.
 *
 * @param id       unique within a history; used in counterexamples
 * @param client   the issuing client (a client has at most one op outstanding)
 * @param kind     what the op does
 * @param key      the register it touches
 * @param value    the value written (PUT), the suffix appended (APPEND), the value read (GET;
 *                 {@code null} means the key was absent), or the new value (INCR; {@code null}
 *                 when the reply never came)
 * @param invoked  when the client sent it
 * @param returned when the client saw the reply, or {@code Long.MAX_VALUE} if it never did
 */
public record Op(int id, int client, OpKind kind, String key, String value, long invoked, long returned) {
    public static final long NEVER = Long.MAX_VALUE;

    public Op {
        if (returned <= invoked) throw new IllegalArgumentException("op " + id + " returns before it is invoked");
    }

    public boolean indeterminate() {
        return returned == NEVER;
    }

    @Override
    public String toString() {
        String v = kind.returnsValue() ? "-> " + (value == null ? (kind == OpKind.GET ? "nil" : "?") : '"' + value + '"') : '"' + value + '"';
        String end = indeterminate() ? "?" : Long.toString(returned);
        return "#" + id + " c" + client + " " + kind + "(" + key + ") " + v + " [" + invoked + ", " + end + "]";
    }
}
