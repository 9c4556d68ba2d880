package io.redraft.raft;

/**
 * RequestVote (Raft §5.2, §5.4.1) or, with {@code preVote}, the Pre-Vote round of thesis §9.6.
 * A pre-vote carries the term the candidate would use ({@code current + 1}) without having
 * incremented its own. {@code transfer} marks the election a leader asked for with TimeoutNow
 * (thesis §3.10): it may depose that leader, so voters do not apply the lease of thesis §4.2.3 to it.
 * Wire: {@code RAFT.REQUESTVOTE target src prevote:term:candidate_id:last_log_idx:last_log_term[:transfer]}.
 */
public record VoteRequest(int from, int to, long term, boolean preVote, int candidateId,
                          long lastLogIndex, long lastLogTerm, boolean transfer) implements RaftMessage {
    /** A request of an election the candidate started by itself. */
    public VoteRequest(int from, int to, long term, boolean preVote, int candidateId, long lastLogIndex, long lastLogTerm) {
        this(from, to, term, preVote, candidateId, lastLogIndex, lastLogTerm, false);
    }
}
