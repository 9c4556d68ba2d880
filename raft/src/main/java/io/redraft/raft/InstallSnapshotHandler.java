package io.redraft.raft;

/**
 * Follower side of InstallSnapshot (§7, Figure 13): chunks are accepted strictly in order and
 * handed to the application; the last one asks the application to install the snapshot, and only
 * once it has does the leader hear that the transfer is complete. A snapshot no newer than our
 * commit index is never installed, however late or often it arrives (Figure 13 step 6).
 *
 * <p>Owns the snapshot being received ({@link IncomingSnapshot}).
 */
final class InstallSnapshotHandler {
    private final Raft r;
    /** The transfer in progress, or null. */
    private IncomingSnapshot incoming;

    InstallSnapshotHandler(Raft raft) {
        this.r = raft;
    }

    /** The application could not load or store the received snapshot: forget the transfer. */
    void failed() {
        incoming = null;
    }

    /** Whether the application is replacing the log with a received snapshot right now. */
    boolean installing() {
        return incoming != null && incoming.installing;
    }

    void handle(InstallSnapshotRequest m) {
        if (r.role() == Role.LEADER) return;
        r.heardFromLeader(m.from());
        if (m.snapshotIndex() <= r.log.committed) {
            // we already hold everything it covers (Figure 13 step 6: keep our log)
            if (!installing()) reply(m, m.offset() + m.data().length, true, true);
            return;
        }
        IncomingSnapshot in = incoming;
        if (in != null && in.installing) return; // the leader resends until we report installation
        if (r.log.matchTerm(m.snapshotIndex(), m.snapshotTerm())) {
            // Figure 13 step 6: our log already holds the snapshot's last entry, so it holds
            // everything the snapshot covers, and that is committed. Keep the log, including the
            // entries after that point that we may have acknowledged (replacing it would forget
            // them: testkit FINDINGS.md F2), and just learn the commit.
            incoming = null;
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
            incoming = in;
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
        r.emitChunk(new SnapshotChunk(m.snapshotIndex(), m.snapshotTerm(), m.offset(), m.data(), m.lastChunk()));
        in.received += m.data().length;
        if (m.lastChunk()) {
            in.installing = true;
            in.leader = m.from();
            in.msgId = m.msgId();
            r.snapshotReceived(new SnapshotMeta(in.index, in.term, ClusterConfig.EMPTY));
            return;
        }
        reply(m, in.received, true, false);
    }

    /**
     * The application loaded the snapshot and storage now holds only it (Figure 13 steps 7–8):
     * discard the log, adopt the snapshot's configuration, and tell the leader.
     */
    void installed(SnapshotMeta meta) {
        IncomingSnapshot in = incoming;
        incoming = null;
        r.restoreFromSnapshot(meta);
        if (in != null && in.leader != 0) {
            r.sendAfterPersist(new InstallSnapshotResponse(r.id(), in.leader, r.term(), in.msgId, meta.lastIndex(),
                    in.received, true, true));
        }
    }

    private void reply(InstallSnapshotRequest m, long offset, boolean success, boolean last) {
        r.sendAfterPersist(new InstallSnapshotResponse(r.id(), m.from(), r.term(), m.msgId(), m.snapshotIndex(), offset,
                success, last));
    }
}
