package io.redraft.raft;

/**
 * Why the core refused a request. {@link #message()} is the text RedisRaft replies with after
 * {@code -ERR } (reference §3.6, §1.2).
 */
public enum RaftError {
    NOT_LEADER("not leader"),
    ONE_VOTING_CHANGE_ONLY("one voting change only"),
    INVALID_NODE_ID("invalid node id"),
    NODE_ID_USED("node id has already been used in this cluster"),
    NODE_NOT_FOUND("node id does not exist"),
    LEADER_TRANSFER_IN_PROGRESS("leader transfer is in progress"),
    /** The leader has not yet committed an entry of its term; retry shortly. */
    TRY_AGAIN("try again"),
    /** This node was removed from the cluster. */
    SHUTDOWN("shutdown"),
    SNAPSHOT_IN_PROGRESS("snapshot is in progress"),
    /** The change would leave no voting member: nobody could ever be elected again. */
    LAST_VOTER("cannot remove the last voting node");

    private final String message;

    RaftError(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
