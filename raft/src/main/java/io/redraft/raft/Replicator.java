package io.redraft.raft;

import java.util.List;

/**
 * Leader-side sending: AppendEntries with flow control (at most {@code append-req-max-count} in
 * flight per follower, at most {@code append-req-max-size} bytes each, first entry always sent),
 * heartbeats (§5.2: they keep followers from starting elections), and snapshot chunks for
 * followers behind the compaction point (§7).
 */
final class Replicator {
    private final Raft r;

    Replicator(Raft raft) {
        this.r = raft;
    }

    /**
     * Sends whatever each follower can take now, and makes sure each one learns the commit index
     * (§5.3: followers apply what the leader tells them is committed). A follower with appends in
     * flight is told with the next append that their replies trigger, not with an extra empty
     * one: under load that halves the messages per entry, and a follower's apply lags by at most
     * one round trip more (the leader's clients never wait for a follower to apply). With
     * {@code now}, every follower is told at once (a leader about to step down).
     */
    void sendPending(boolean now) {
        long committed = r.log.committed;
        for (Progress pr : r.progress.values()) {
            boolean sent = sendAppends(pr);
            if (!sent && pr.commitSent < committed && pr.state != Progress.State.SNAPSHOT && !pr.isPaused()
                    && (now || pr.inflights.count() == 0)) {
                sendAppend(pr, true);
            }
        }
    }

    /** Fills the follower's window; returns whether anything was sent. */
    boolean sendAppends(Progress pr) {
        boolean any = false;
        while (sendAppend(pr, false)) any = true;
        return any;
    }

    /** §5.3: one AppendEntries from {@code pr.next}; falls back to a snapshot if those entries are gone (§7). */
    boolean sendAppend(Progress pr, boolean allowEmpty) {
        if (pr.state == Progress.State.SNAPSHOT) {
            sendChunks(pr);
            return false;
        }
        if (pr.isPaused()) return false;
        long last = r.log.lastIndex();
        long prev = pr.next - 1;
        long prevTerm = r.log.term(prev);
        if (prevTerm == RaftLog.UNKNOWN_TERM || (pr.next <= last && pr.next < r.log.firstIndex())) {
            startSnapshot(pr);
            return false;
        }
        List<Entry> entries = pr.next <= last ? r.log.entries(pr.next, last + 1, r.cfg.appendReqMaxSize()) : List.of();
        if (entries.isEmpty() && !allowEmpty) return false;
        r.send(new AppendEntriesRequest(r.id, pr.id, r.term, r.id, prev, prevTerm, r.log.committed, r.msgId, entries));
        pr.commitSent(r.log.committed);
        pr.appendSent(entries.isEmpty() ? prev : entries.get(entries.size() - 1).index());
        return !entries.isEmpty();
    }

    /**
     * One heartbeat round with a fresh msgId (confirms pending ReadIndex requests, thesis §6.4).
     * A heartbeat names the follower's known match point, so it never fails the consistency
     * check, and carries the commit index only that far (§5.3).
     *
     * <p>The periodic round ({@code periodic}: every heartbeat timeout) also retransmits: a
     * follower whose pipeline or snapshot transfer made no progress since the previous periodic
     * round is resent from what it acknowledged. A round sent for reads does not: reads can ask
     * for rounds far more often than a follower's fsync completes, and judging progress by them
     * demoted healthy followers to probing and rewound snapshot transfers (session 4).
     */
    void heartbeatRound(boolean periodic) {
        r.nextHeartbeatRound();
        long last = r.log.lastIndex();
        for (Progress pr : r.progress.values()) {
            long prev = pr.match;
            long prevTerm = r.log.term(prev);
            if (prevTerm == RaftLog.UNKNOWN_TERM) {
                prev = 0;
                prevTerm = 0;
            }
            long commit = Math.min(r.log.committed, prev);
            r.send(new AppendEntriesRequest(r.id, pr.id, r.term, r.id, prev, prevTerm, commit, r.msgId, List.of()));
            pr.commitSent(commit);
            if (periodic) retransmitIfStalled(pr, last);
            sendAppends(pr);
        }
    }

    /** No progress since the previous periodic round: what was in flight is taken as lost. */
    private void retransmitIfStalled(Progress pr, long last) {
        switch (pr.state) {
            case REPLICATE -> {
                // A large append still being taken in is slow, not lost: resending it would only
                // queue a second copy behind the first (#24).
                if (pr.match < last && pr.match == pr.matchAtLastHeartbeat && pr.inflights.count() > 0 && !pr.inTransit) {
                    pr.becomeProbe();
                }
            }
            case PROBE -> {
                if (!pr.inTransit) pr.resumeProbe();
            }
            case SNAPSHOT -> {
                if (pr.snapshotAckedOffset == pr.snapshotAckedAtLastHeartbeat && !pr.chunkEnds.isEmpty()) {
                    // a chunk (or its acknowledgement) was lost: go back to the last acknowledged byte
                    pr.rewindSnapshot(pr.snapshotAckedOffset);
                }
            }
        }
        pr.heartbeatChecked();
    }

    /** §7: the entries this follower needs were compacted; stream the snapshot instead. */
    private void startSnapshot(Progress pr) {
        SnapshotSource source = r.snapshotSource;
        if (source == null || source.meta().lastIndex() < pr.next - 1) return; // wait for the application
        pr.becomeSnapshot(source.meta(), source.size());
        sendChunks(pr);
    }

    /** Sends chunks while the window ({@code snapshot-req-max-count}) has room. */
    void sendChunks(Progress pr) {
        SnapshotSource source = r.snapshotSource;
        if (source == null) return;
        if (source.meta().lastIndex() != pr.snapshotIndex) {
            // a newer snapshot replaced the one being sent: start over with it
            pr.becomeSnapshot(source.meta(), source.size());
        }
        long size = pr.snapshotSize;
        while (pr.chunkEnds.size() < r.cfg.snapshotReqMaxCount()) {
            long offset = pr.snapshotSentOffset;
            if (offset >= size && !(size == 0 && offset == 0 && pr.chunkEnds.isEmpty())) return;
            if (offset > size) return;
            int len = (int) Math.min(r.cfg.snapshotReqMaxSize(), size - offset);
            byte[] data = len == 0 ? new byte[0] : source.read(offset, len);
            boolean lastChunk = offset + data.length >= size;
            r.send(new InstallSnapshotRequest(r.id, pr.id, r.term, r.id, r.msgId, pr.snapshotIndex,
                    pr.snapshotTerm, offset, data, lastChunk));
            pr.chunkSent(offset + data.length, lastChunk);
            if (lastChunk) return;
        }
    }
}
