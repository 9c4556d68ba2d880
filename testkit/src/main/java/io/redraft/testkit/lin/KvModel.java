package io.redraft.testkit.lin;

import java.util.Objects;

/**
 * Sequential specification of one key of the register: the state is the key's value, {@code null}
 * when absent. Blind writes (PUT, APPEND) are total (legal in every state), which is what lets an
 * indeterminate write be linearized after everything else: taking effect "last" is
 * indistinguishable from never. An indeterminate INCR (its new value unknown) is total on integer
 * values, which are the only ones a workload mixing INCR writes.
 */
final class KvModel {
    private KvModel() {}

    /** The state after {@code op}, or {@link #ILLEGAL} if {@code op} cannot run in {@code state}. */
    static String step(String state, Op op) {
        return switch (op.kind()) {
            case GET -> Objects.equals(state, op.value()) ? state : ILLEGAL;
            case PUT -> op.value();
            case APPEND -> state == null ? op.value() : state + op.value();
            case INCR -> incr(state, op.value());
            case CAS -> cas(state, op.value());
        };
    }

    /**
     * A CAS that answered 1 needs the expected value and writes; one that answered 0 needs any
     * other and changes nothing; one that never answered is total: it wrote if it could.
     */
    private static String cas(String state, String v) {
        int arrow = v.indexOf("->");
        int eq = v.lastIndexOf('=');
        String expected = v.substring(0, arrow);
        String next = v.substring(arrow + 2, eq);
        boolean matches = expected.isEmpty() ? state == null : expected.equals(state);
        return switch (v.substring(eq + 1)) {
            case "1" -> matches ? next : ILLEGAL;
            case "0" -> matches ? ILLEGAL : state;
            default -> matches ? next : state;
        };
    }

    /**
     * INCR is legal only on an integer (or absent) value, and a determinate one must have returned
     * exactly the successor. An INCR refused for a non-integer value is a failed op, never in a
     * history, so the model need not produce Redis's error.
     */
    private static String incr(String state, String returned) {
        long n;
        try {
            n = state == null ? 0 : Long.parseLong(state);
        } catch (NumberFormatException e) {
            return ILLEGAL;
        }
        if (n == Long.MAX_VALUE) return ILLEGAL;
        String next = Long.toString(n + 1);
        return returned == null || returned.equals(next) ? next : ILLEGAL;
    }

    /** Sentinel compared by identity; never a real value. */
    static final String ILLEGAL = new String("\u0000illegal");
}
