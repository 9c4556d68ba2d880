package io.redraft.raft;

/**
 * A message between Raft peers. Every message names its sender, its receiver and the sender's
 * term; the receiver applies the term rules of Raft §5.1 before anything else. The records map
 * one to one onto RedisRaft's internode commands: {@code RAFT.AE}, {@code RAFT.REQUESTVOTE},
 * {@code RAFT.SNAPSHOT}, {@code RAFT.TIMEOUT_NOW} and their replies.
 */
public sealed interface RaftMessage
        permits AppendEntriesRequest, AppendEntriesResponse, VoteRequest, VoteResponse,
                InstallSnapshotRequest, InstallSnapshotResponse, TimeoutNow {
    /** Sender node id. */
    int from();

    /** Receiver node id. */
    int to();

    /** Sender's current term (for a granted pre-vote reply, the term the candidate asked for). */
    long term();
}
