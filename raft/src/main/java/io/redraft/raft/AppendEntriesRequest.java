package io.redraft.raft;

import java.util.List;

/**
 * AppendEntries (Raft §5.3, Figure 2), also used as heartbeat when {@code entries} is empty.
 * Wire: {@code RAFT.AE target src leader_id:term:prev_log_idx:prev_log_term:leader_commit:msg_id n ...}.
 *
 * @param leaderId     the leader, so followers can redirect clients
 * @param prevLogIndex index of the entry just before {@code entries}
 * @param prevLogTerm  term of that entry
 * @param leaderCommit leader's commit index (capped at what the follower is known to hold)
 * @param msgId        leader's heartbeat round; echoed in the response, confirms ReadIndex rounds
 * @param entries      consecutive entries starting at {@code prevLogIndex + 1}; may be empty
 */
public record AppendEntriesRequest(int from, int to, long term, int leaderId, long prevLogIndex,
                                   long prevLogTerm, long leaderCommit, long msgId, List<Entry> entries)
        implements RaftMessage {
    public AppendEntriesRequest {
        entries = List.copyOf(entries);
    }

    /** Approximate size on the wire, for {@code append-req-max-size}. */
    public long sizeBytes() {
        long size = 64;
        for (Entry e : entries) size += e.sizeBytes();
        return size;
    }
}
