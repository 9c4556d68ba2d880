package io.redraft.raft;

/**
 * Leader side of AppendEntries replies: advance a follower's match index and the commit index
 * (§5.3, §5.4.2), or back up using the follower's hint in one step after a rejection; confirm
 * ReadIndex rounds (thesis §6.4); finish a leadership transfer once the target is caught up
 * (thesis §3.10); promote caught-up non-voting members (thesis §4.2.1).
 */
final class AppendEntriesResponseHandler {
    private final Raft r;

    AppendEntriesResponseHandler(Raft raft) {
        this.r = raft;
    }

    void handle(AppendEntriesResponse m) {
        if (r.role != Role.LEADER) return;
        Progress pr = r.progress.get(m.from());
        if (pr == null) return;
        pr.heardFrom();
        // any reply in our term proves the follower still accepted us as leader after msgId was sent
        r.reads.onAck(pr, m.msgId());
        if (m.success()) onSuccess(pr, m);
        else onReject(pr, m);
        if (r.role == Role.LEADER && r.progress.get(pr.id) == pr) r.replicator.sendAppends(pr);
    }

    private void onSuccess(Progress pr, AppendEntriesResponse m) {
        boolean updated = pr.maybeUpdate(m.currentIndex());
        switch (pr.state) {
            case PROBE -> {
                if (updated || pr.match + 1 == pr.next) {
                    pr.becomeReplicate();
                } else if (m.currentIndex() < pr.next - 1) {
                    // §5.3: a heartbeat succeeded at the follower's match point but its log ends
                    // before our probe point (a member just added starts probed past the end):
                    // probe from where its log ends, or nothing would ever be sent until a write.
                    pr.probeFrom(Math.max(pr.match, m.currentIndex()) + 1);
                } else {
                    pr.resumeProbe();
                }
            }
            case REPLICATE -> {
                pr.inflights.freeLE(m.currentIndex());
                // a heartbeat reply while the window is full: the window may hold lost messages
                if (!updated && pr.inflights.full()) pr.inflights.freeFirstOne();
            }
            case SNAPSHOT -> {
                if (pr.match >= pr.snapshotIndex) pr.becomeProbe();
            }
        }
        if (updated) {
            r.maybeCommit();
            if (r.role != Role.LEADER) return;
            r.transfer.onProgress(pr);
            r.membership.maybePromote();
        }
    }

    private void onReject(Progress pr, AppendEntriesResponse m) {
        if (pr.state == Progress.State.SNAPSHOT) return; // heartbeats during a transfer
        if (m.conflictIndex() < pr.match) return; // stale: we already know more than this
        // §5.3 with the follower's hint: the largest index where our terms can agree
        long agree = r.log.findConflictByTerm(m.conflictIndex(), m.conflictTerm());
        pr.probeFrom(agree + 1);
    }
}
