package io.redraft.raft;

/**
 * Follower side of InstallSnapshot (§7, Figure 13): chunks are accepted strictly in order and
 * handed to the application; the last one asks the application to install the snapshot, and only
 * once it has does the leader hear that the transfer is complete.
 */
final class InstallSnapshotHandler {
    private final Raft r;

    InstallSnapshotHandler(Raft raft) {
        this.r = raft;
    }

    void handle(InstallSnapshotRequest m) {
        if (r.role == Role.LEADER) return;
        if (r.role != Role.FOLLOWER) r.becomeFollower(r.term, m.from());
        r.leaderId = m.from();
        r.electionElapsed = 0;
        if (m.snapshotIndex() <= r.log.committed) {
            // we already hold everything it covers (Figure 13 step 6: keep our log)
            if (r.incoming == null || !r.incoming.installing) {
                reply(m, m.offset() + m.data().length, true, true);
            }
            return;
        }
        IncomingSnapshot in = r.incoming;
        if (in != null && in.installing) return; // the leader resends until we report installation
        if (r.log.matchTerm(m.snapshotIndex(), m.snapshotTerm())) {
            // Figure 13 step 6: our log already holds the snapshot's last entry, so it holds
            // everything the snapshot covers, and that is committed. Keep the log, including the
            // entries after that point that we may have acknowledged (replacing it would forget
            // them: testkit FINDINGS.md F2), and just learn the commit.
            r.incoming = null;
            r.followerCommitTo(m.snapshotIndex());
            reply(m, m.offset() + m.data().length, true, true);
            return;
        }
        if (in == null || !in.sameTransfer(m)) {
            if (m.offset() != 0) {
                reply(m, 0, false, false);
                return;
            }
            // Figure 13 step 2: a chunk at offset 0 starts a new snapshot
            in = new IncomingSnapshot(m.snapshotIndex(), m.snapshotTerm(), m.from(), m.term());
            r.incoming = in;
        }
        if (m.offset() < in.received) {
            reply(m, in.received, true, false); // a duplicate: acknowledge what we hold
            return;
        }
        if (m.offset() > in.received) {
            // a chunk was lost: tell the leader where to resume
            reply(m, in.received, false, false);
            return;
        }
        r.chunks.add(new SnapshotChunk(m.snapshotIndex(), m.snapshotTerm(), m.offset(), m.data(), m.lastChunk()));
        in.received += m.data().length;
        if (m.lastChunk()) {
            in.installing = true;
            in.leader = m.from();
            in.msgId = m.msgId();
            r.pendingInstall = new SnapshotMeta(in.index, in.term, ClusterConfig.EMPTY);
            return;
        }
        reply(m, in.received, true, false);
    }

    /**
     * The application loaded the snapshot and storage now holds only it (Figure 13 steps 7–8):
     * discard the log, adopt the snapshot's configuration, and tell the leader.
     */
    void installed(SnapshotMeta meta) {
        IncomingSnapshot in = r.incoming;
        r.incoming = null;
        r.log.restore(meta);
        r.configs.reset(meta.lastIndex(), meta.config());
        r.compaction.logReplaced();
        r.membership.checkSelfRemoved();
        if (in != null && in.leader != 0) {
            r.sendAfterPersist(new InstallSnapshotResponse(r.id, in.leader, r.term, in.msgId, meta.lastIndex(),
                    in.received, true, true));
        }
    }

    private void reply(InstallSnapshotRequest m, long offset, boolean success, boolean last) {
        r.sendAfterPersist(new InstallSnapshotResponse(r.id, m.from(), r.term, m.msgId(), m.snapshotIndex(), offset,
                success, last));
    }
}
