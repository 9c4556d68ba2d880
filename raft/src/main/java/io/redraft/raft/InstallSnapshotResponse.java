package io.redraft.raft;

/**
 * Reply to {@link InstallSnapshotRequest}. Wire: {@code *6 :msg_id :snapshot_index :term :offset :success :last_chunk}.
 *
 * @param offset    the number of contiguous bytes the follower now holds (the next offset it
 *                  expects); after a rejection the leader resends from there
 * @param success   whether the chunk was accepted
 * @param lastChunk whether this acknowledges the installed snapshot as a whole
 */
public record InstallSnapshotResponse(int from, int to, long term, long msgId, long snapshotIndex,
                                      long offset, boolean success, boolean lastChunk) implements RaftMessage {}
