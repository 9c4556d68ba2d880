package io.redraft.raft;

/**
 * Leader side of InstallSnapshot replies (§7): slide the chunk window, resend from the
 * follower's offset after a rejection, and resume normal replication after the snapshot's last
 * index once the follower installed it.
 */
final class InstallSnapshotResponseHandler {
    private final Raft r;

    InstallSnapshotResponseHandler(Raft raft) {
        this.r = raft;
    }

    void handle(InstallSnapshotResponse m) {
        if (r.role() != Role.LEADER) return;
        Progress pr = r.progress.get(m.from());
        if (pr == null) return;
        pr.heardFrom();
        r.reads.onAck(pr, m.msgId());
        if (m.success() && m.lastChunk()) {
            pr.snapshotInstalled(m.snapshotIndex());
            r.maybeCommit();
            if (r.role != Role.LEADER) return;
            r.replicator.sendAppends(pr);
            return;
        }
        if (pr.state != Progress.State.SNAPSHOT || m.snapshotIndex() != pr.snapshotIndex) return;
        if (m.success()) {
            pr.chunksAcked(m.offset());
        } else if (m.offset() != pr.snapshotRewoundAt) {
            // go back to where the follower stands (possibly 0, if it restarted and lost what it
            // had); later rejections naming the same offset are echoes of the same gap and must
            // not trigger another resend
            pr.rewindSnapshot(m.offset());
        }
        r.replicator.sendChunks(pr);
    }
}
