package io.redraft.raft;

/**
 * One chunk of a snapshot (Raft §7, Figure 13). Wire: {@code RAFT.SNAPSHOT target src
 * term:leader_id:msg_id:snapshot_index:snapshot_term:chunk_offset:last_chunk <bytes>}.
 *
 * @param offset    byte offset of {@code data} in the snapshot
 * @param lastChunk whether {@code data} ends the snapshot
 */
public record InstallSnapshotRequest(int from, int to, long term, int leaderId, long msgId,
                                     long snapshotIndex, long snapshotTerm, long offset, byte[] data,
                                     boolean lastChunk) implements RaftMessage {
    public InstallSnapshotRequest {
        if (data == null) data = new byte[0];
    }

    @Override
    public String toString() {
        return "InstallSnapshotRequest{" + from + "->" + to + " t" + term + " snap=" + snapshotIndex + "@"
                + snapshotTerm + " off=" + offset + " len=" + data.length + (lastChunk ? " last" : "") + "}";
    }
}
