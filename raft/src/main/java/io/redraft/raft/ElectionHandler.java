package io.redraft.raft;

import io.redraft.raft.quorum.MajorityQuorum;
import java.util.TreeSet;

/**
 * Leader election: starting a (pre-)election, answering RequestVote and counting the answers, and
 * TimeoutNow. Rules: §5.2 (election), §5.4.1 (election restriction), thesis §9.6 (Pre-Vote and
 * ignoring candidates while a leader is known), thesis §3.10 (TimeoutNow).
 *
 * <p>Owns the candidate's tally; changes the node's term, vote and role only through
 * {@link Raft}'s transitions ({@code becomePreCandidate}, {@code becomeCandidate},
 * {@code becomeLeader}, {@code becomeFollower}, {@code grantVote}).
 */
final class ElectionHandler {
    private final Raft r;
    /** Who granted and who refused in the current (pre-)election. */
    private final TreeSet<Integer> granted = new TreeSet<>();
    private final TreeSet<Integer> refused = new TreeSet<>();

    ElectionHandler(Raft raft) {
        this.r = raft;
    }

    /**
     * §5.2: become candidate and ask every voter. With Pre-Vote (thesis §9.6) first ask whether an
     * election could be won, without touching the term, so a node that was cut off cannot force
     * its higher term on a healthy cluster when it returns.
     */
    void campaign(boolean preVote, boolean transfer) {
        long voteTerm;
        if (preVote && !transfer) {
            r.becomePreCandidate();
            voteTerm = r.term() + 1;
        } else {
            r.becomeCandidate();
            voteTerm = r.term();
        }
        granted.clear();
        refused.clear();
        granted.add(r.id());
        if (tally()) return;
        long lastIndex = r.log.lastIndex();
        long lastTerm = r.log.lastTerm();
        boolean pre = r.role() == Role.PRE_CANDIDATE;
        for (int v : r.voters()) {
            if (v == r.id()) continue;
            VoteRequest req = new VoteRequest(r.id(), v, voteTerm, pre, r.id(), lastIndex, lastTerm, transfer);
            // a real candidate's term and self-vote must be durable before it asks (Figure 2)
            if (pre) r.send(req);
            else r.sendAfterPersist(req);
        }
    }

    /** RequestVote receiver (§5.2, §5.4.1), after the term rules of §5.1 have run. */
    void handleRequest(VoteRequest m) {
        boolean grant;
        if (m.preVote()) {
            // thesis §9.6: refuse while we believe a leader is alive (heard within the election
            // timeout), so that a rejoining node cannot disrupt a working leader
            grant = !r.leaderAlive() && m.term() > r.term() && r.log.isUpToDate(m.lastLogIndex(), m.lastLogTerm());
        } else {
            // §5.2: at most one vote per term, first come first served; §5.4.1: candidate's log
            // must be at least as up-to-date as ours
            grant = r.canVoteFor(m.candidateId()) && r.log.isUpToDate(m.lastLogIndex(), m.lastLogTerm());
            if (grant) r.grantVote(m.candidateId());
        }
        long replyTerm = grant && m.preVote() ? m.term() : r.term();
        VoteResponse reply = new VoteResponse(r.id(), m.from(), replyTerm, m.preVote(), m.term(), grant);
        if (m.preVote()) r.send(reply);
        else r.sendAfterPersist(reply);
    }

    /** Counts a vote (§5.2); stale answers (other term, other phase) are ignored. */
    void handleResponse(VoteResponse m) {
        if (m.preVote()) {
            if (r.role() != Role.PRE_CANDIDATE || m.requestTerm() != r.term() + 1) return;
        } else {
            if (r.role() != Role.CANDIDATE || m.requestTerm() != r.term()) return;
        }
        if (m.granted()) {
            granted.add(m.from());
            // we asked only after our term and vote were durable (Figure 2)
            if (!m.preVote()) r.termKnownDurable(r.term());
        } else {
            refused.add(m.from());
        }
        tally();
    }

    /** Returns true when the (pre-)election is decided. */
    private boolean tally() {
        MajorityQuorum.VoteResult result = MajorityQuorum.voteResult(r.voters(), granted::contains, refused::contains);
        switch (result) {
            case WON -> {
                if (r.role() == Role.PRE_CANDIDATE) campaign(false, false);
                else r.becomeLeader();
                return true;
            }
            case LOST -> {
                r.becomeFollower(r.term(), 0);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Thesis §3.10: the leader asks us to take over; start a real election now, skipping Pre-Vote. */
    void handleTimeoutNow(TimeoutNow m) {
        if (r.role() == Role.LEADER || !r.promotable()) return;
        campaign(false, true);
    }
}
