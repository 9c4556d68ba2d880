package io.redraft.raft;

/**
 * Kinds of log entry. The numeric codes are RedisRaft's ({@code raft_logtype_e}), so that the
 * {@code type} field of {@code RAFT.AE} means the same thing on the wire as it does there.
 */
public enum EntryType {
    /** A client command batch, opaque to the core. */
    NORMAL(0),
    /** Adds a node that receives the log but does not vote (Raft thesis §4.2.1, catch-up). */
    ADD_NONVOTING_NODE(1),
    /** Adds a voting node, or promotes a non-voting one. */
    ADD_NODE(2),
    /** Removes a node, voting or not. */
    REMOVE_NODE(3),
    /** The entry a new leader appends in its own term before serving reads (Raft §8). */
    NO_OP(4);

    private final int code;

    EntryType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isConfigChange() {
        return this == ADD_NONVOTING_NODE || this == ADD_NODE || this == REMOVE_NODE;
    }

    public static EntryType fromCode(int code) {
        return switch (code) {
            case 0 -> NORMAL;
            case 1 -> ADD_NONVOTING_NODE;
            case 2 -> ADD_NODE;
            case 3 -> REMOVE_NODE;
            case 4 -> NO_OP;
            default -> throw new IllegalArgumentException("unknown entry type " + code);
        };
    }
}
