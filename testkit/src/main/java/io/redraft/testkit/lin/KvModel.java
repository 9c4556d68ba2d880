package io.redraft.testkit.lin;

import java.util.Objects;

/**
 * Sequential specification of one key of the register: the state is the key's value, {@code null}
 * when absent. Writes are total (legal in every state), which is what lets an indeterminate write
 * be linearized after everything else: taking effect "last" is indistinguishable from never.
 */
final class KvModel {
    private KvModel() {}

    /** The state after {@code op}, or {@link #ILLEGAL} if {@code op} cannot run in {@code state}. */
    static String step(String state, Op op) {
        return switch (op.kind()) {
            case GET -> Objects.equals(state, op.value()) ? state : ILLEGAL;
            case PUT -> op.value();
            case APPEND -> state == null ? op.value() : state + op.value();
        };
    }

    /** Sentinel compared by identity; never a real value. */
    static final String ILLEGAL = new String("\u0000illegal");
}
