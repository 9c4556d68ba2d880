package io.redraft.raft;

/**
 * State that must be on stable storage before the node answers any RPC (Raft Figure 2,
 * "Persistent state on all servers"): current term and the vote cast in it. {@code commit} is
 * kept too, as etcd does, so a restart can apply committed entries without waiting for a leader.
 *
 * @param term     latest term this node has seen
 * @param votedFor candidate that received this node's vote in {@code term}, or 0
 * @param commit   highest index known committed when last persisted
 */
public record HardState(long term, int votedFor, long commit) {
    public static final HardState EMPTY = new HardState(0, 0, 0);
}
