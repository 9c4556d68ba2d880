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
    NO_OP(4),
    /** A shard group added to the shard map (RAFT.SHARDGROUP ADD / LINK); opaque to the core. */
    ADD_SHARDGROUP(101),
    /** A linked shard group's new node list (the periodic refresh); opaque to the core. */
    UPDATE_SHARDGROUP(102),
    /** The whole shard map at once (RAFT.SHARDGROUP REPLACE); opaque to the core. */
    REPLACE_SHARDGROUPS(103),
    /** Keys locked at a migration's source before they are sent (MIGRATE); opaque to the core. */
    LOCK_KEYS(104),
    /** Migrated keys deleted at the source and unlocked; opaque to the core. */
    DELETE_UNLOCK_KEYS(105),
    /** A batch of migrated keys restored at the target (RAFT.IMPORT); opaque to the core. */
    IMPORT_KEYS(106);

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

    /**
     * Whether the application may propose entries of this kind with {@link RaftNode#propose(EntryType, byte[])}:
     * the kinds the core carries without reading (configuration changes and NO_OP are the core's own).
     */
    public boolean isApplicationDefined() {
        return this == NORMAL || code > 100;
    }

    /** Whether {@code code} names a kind of entry (a log record or RAFT.AE field with another code is damaged). */
    public static boolean isKnown(int code) {
        return code >= 0 && code <= 4 || code >= 101 && code <= 106;
    }

    public static EntryType fromCode(int code) {
        return switch (code) {
            case 0 -> NORMAL;
            case 1 -> ADD_NONVOTING_NODE;
            case 2 -> ADD_NODE;
            case 3 -> REMOVE_NODE;
            case 4 -> NO_OP;
            case 101 -> ADD_SHARDGROUP;
            case 102 -> UPDATE_SHARDGROUP;
            case 103 -> REPLACE_SHARDGROUPS;
            case 104 -> LOCK_KEYS;
            case 105 -> DELETE_UNLOCK_KEYS;
            case 106 -> IMPORT_KEYS;
            default -> throw new IllegalArgumentException("unknown entry type " + code);
        };
    }
}
