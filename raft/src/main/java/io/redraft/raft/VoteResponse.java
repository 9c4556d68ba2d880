package io.redraft.raft;

/**
 * Reply to {@link VoteRequest}. Wire: {@code *4 :prevote :request_term :term :vote_granted}.
 *
 * @param term        responder's term, or the request term when a pre-vote is granted
 * @param requestTerm the term of the request answered, so stale replies are recognised
 */
public record VoteResponse(int from, int to, long term, boolean preVote, long requestTerm, boolean granted)
        implements RaftMessage {}
