package io.redraft.raft;

/**
 * The leader's view of one follower (etcd's Progress), for {@code INFO raft}.
 *
 * @param state     {@code probe}, {@code replicate} or {@code snapshot}
 * @param inflight  AppendEntries (or snapshot chunks) sent and not yet acknowledged
 * @param active    heard from within the current check-quorum window
 */
public record PeerStatus(int id, boolean voting, long matchIndex, long nextIndex, String state, int inflight,
                         boolean active) {}
