package io.redraft.raft;

/**
 * RequestVote (Raft §5.2, §5.4.1) or, with {@code preVote}, the Pre-Vote round of thesis §9.6.
 * A pre-vote carries the term the candidate would use ({@code current + 1}) without having
 * incremented its own. Wire: {@code RAFT.REQUESTVOTE target src prevote:term:candidate_id:last_log_idx:last_log_term}.
 */
public record VoteRequest(int from, int to, long term, boolean preVote, int candidateId,
                          long lastLogIndex, long lastLogTerm) implements RaftMessage {}
