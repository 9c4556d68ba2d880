package io.redraft.raft;

/**
 * Reply to {@link AppendEntriesRequest}. Wire: {@code *4 :term :success :current_idx :msg_id}
 * plus the rejection hint.
 *
 * @param success       whether the consistency check passed and the entries were appended
 * @param currentIndex  on success the highest index known to match the leader's log; on failure
 *                      the follower's last index
 * @param msgId         the request's {@code msgId}
 * @param conflictTerm  on failure: term of the follower's entry at {@code conflictIndex}
 *                      (0 if the follower has nothing there)
 * @param conflictIndex on failure: the largest index at or below the leader's {@code prevLogIndex}
 *                      whose term is at most the leader's {@code prevLogTerm}; the leader backs up
 *                      to it in one step
 */
public record AppendEntriesResponse(int from, int to, long term, boolean success, long currentIndex,
                                    long msgId, long conflictTerm, long conflictIndex)
        implements RaftMessage {}
