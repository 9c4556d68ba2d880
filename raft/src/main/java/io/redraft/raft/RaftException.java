package io.redraft.raft;

/**
 * A request the core refused. Carries the typed {@link RaftError} and, for
 * {@link RaftError#NOT_LEADER}, the leader this node knows of (0 if none) for redirection.
 * No stack trace: it is an expected outcome, not a bug.
 */
public final class RaftException extends RuntimeException {
    private final RaftError error;
    private final int leaderId;

    public RaftException(RaftError error, int leaderId) {
        super(error.message(), null, false, false);
        this.error = error;
        this.leaderId = leaderId;
    }

    public RaftException(RaftError error) {
        this(error, 0);
    }

    public RaftError error() {
        return error;
    }

    /** Known leader when the error is {@link RaftError#NOT_LEADER}, else 0. */
    public int leaderId() {
        return leaderId;
    }
}
