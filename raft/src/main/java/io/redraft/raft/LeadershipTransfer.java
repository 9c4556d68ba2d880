package io.redraft.raft;

/**
 * Leadership transfer, thesis §3.10: the leader stops taking proposals, brings the target's log
 * up to date, then sends TimeoutNow so that the target starts an election at once (without
 * Pre-Vote). Abandoned after an election timeout, so that the cluster takes proposals again.
 */
final class LeadershipTransfer {
    private final Raft r;
    /** The node leadership is being handed to, 0 when none. */
    int target;
    private int elapsed;

    LeadershipTransfer(Raft raft) {
        this.r = raft;
    }

    boolean inProgress() {
        return target != 0;
    }

    int start(int to) {
        if (r.removed) throw new RaftException(RaftError.SHUTDOWN);
        if (r.role != Role.LEADER) throw new RaftException(RaftError.NOT_LEADER, r.leaderId);
        if (inProgress()) throw new RaftException(RaftError.LEADER_TRANSFER_IN_PROGRESS);
        if (to == 0) to = mostUpToDateVoter();
        if (to == 0 || to == r.id || !r.configs.current().isVoter(to) || !r.progress.containsKey(to)) {
            throw new RaftException(RaftError.INVALID_NODE_ID);
        }
        target = to;
        elapsed = 0;
        onProgress(r.progress.get(to)); // otherwise TimeoutNow waits for the target to catch up
        return to;
    }

    /** A follower's match index moved: if it is the target and now up to date, hand over. */
    void onProgress(Progress pr) {
        if (pr.id == target && pr.match == r.log.lastIndex()) sendTimeoutNow(pr.id);
    }

    /** Leader tick: give up after an election timeout; returns the abandoned target or 0. */
    int tick() {
        if (target == 0 || ++elapsed < r.cfg.electionTicks()) return 0;
        int abandoned = target;
        clear();
        return abandoned;
    }

    void clear() {
        target = 0;
        elapsed = 0;
    }

    /** The voter (other than us) with the highest match index; ties go to the earliest in the configuration. */
    int mostUpToDateVoter() {
        int best = 0;
        long bestMatch = -1;
        for (int v : r.voters()) {
            Progress pr = r.progress.get(v);
            if (v != r.id && pr != null && pr.match > bestMatch) {
                best = v;
                bestMatch = pr.match;
            }
        }
        return best;
    }

    void sendTimeoutNow(int to) {
        r.send(new TimeoutNow(r.id, to, r.term));
    }
}
