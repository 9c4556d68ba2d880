package io.redraft.server.command;

/**
 * Where a request goes once decoded: the one routing decision (RedisRaft's interception model,
 * reference §1.1, §6.1), read from the command table.
 */
public enum Route {
    /** A data command that changes the dataset: proposed to the log, run by every replica at apply. */
    REPLICATED("replicated through the log"),
    /** A data command that only reads: run on the leader once a ReadIndex round confirms it leads. */
    READ_INDEX("read, confirmed with ReadIndex"),
    /** Answered by the node in any Raft state, never intercepted (RedisRaft's don't-intercept list). */
    NODE("answered by the node, in any state"),
    /** Intercepted (NOCLUSTER, LOADING, MOVED first), then answered from this node's own state. */
    LOCAL("intercepted, then answered locally"),
    /** The session's transaction state (MULTI, EXEC, DISCARD, WATCH, UNWATCH: Redis's multi.c). */
    TRANSACTION("transaction state of the session"),
    /** {@code RAFT <command>}: the inner command is classified and routed as if sent alone, always intercepted. */
    PREFIX("RAFT prefix: the inner command, intercepted"),
    /** A RAFT.* command: cluster administration and the internode RPCs. */
    ADMIN("RAFT.* administration and internode RPC"),
    /** Only the server issues it (logged by the leader); a client's is refused. */
    INTERNAL("internal, logged by the leader only"),
    /** Known, and refused by design with its own error (RedisRaft's unsupported commands). */
    REFUSED("refused by design"),
    /** A Redis 7.0 command Redraft does not run yet: answered as an unknown command. */
    NOT_IMPLEMENTED("not implemented yet");

    private final String description;

    Route(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether the server answers it as a command it knows (COMMAND lists it). */
    public boolean listed() {
        return this != NOT_IMPLEMENTED && this != INTERNAL;
    }
}
