package io.redraft.raft;

import java.util.List;

/**
 * Single-server membership changes (thesis §4.1): validation of proposals, the leader's view of
 * who to replicate to, automatic promotion of caught-up non-voting members (thesis §4.2.1), and
 * what happens when a removal commits (thesis §4.2.2: a removed leader steps down then).
 */
final class Membership {
    private final Raft r;

    Membership(Raft raft) {
        this.r = raft;
    }

    long propose(ConfChange change) {
        r.checkCanAppend();
        // thesis §4.1 (and the 2015 raft-dev correction): no change before the leader has
        // committed an entry of its own term
        if (!r.committedInCurrentTerm()) throw new RaftException(RaftError.TRY_AGAIN);
        ClusterConfig c = r.configs.current();
        int node = change.nodeId();
        if (node <= 0) throw new RaftException(RaftError.INVALID_NODE_ID);
        switch (change.type()) {
            case ADD_NONVOTING_NODE -> {
                if (c.isUsed(node)) throw new RaftException(RaftError.NODE_ID_USED);
            }
            case ADD_NODE -> {
                ClusterConfig.Member m = c.member(node);
                if (m == null) {
                    throw new RaftException(c.isUsed(node) ? RaftError.NODE_ID_USED : RaftError.NODE_NOT_FOUND);
                }
                if (m.voting()) throw new RaftException(RaftError.INVALID_NODE_ID);
                votingChangeAllowed();
                change = new ConfChange(EntryType.ADD_NODE, node, m.address());
            }
            case REMOVE_NODE -> {
                if (!c.contains(node)) throw new RaftException(RaftError.NODE_NOT_FOUND);
                votingChangeAllowed();
                ClusterConfig.Member m = c.member(node);
                // A configuration of non-voters alone can never elect a leader again (a member
                // still being caught up is not yet a voter). The last member removing itself is
                // allowed, as in RedisRaft: the cluster then ends.
                if (m.voting() && c.voterIds().size() == 1 && c.members().size() > 1) {
                    throw new RaftException(RaftError.LAST_VOTER);
                }
                change = new ConfChange(EntryType.REMOVE_NODE, node, m.address());
            }
            default -> throw new IllegalArgumentException(change.type().toString());
        }
        long index = r.log.lastIndex() + 1;
        r.appendEntries(List.of(change.toEntry(index, r.term)));
        return index;
    }

    /** §4.1: one change of the voting set at a time, each committed before the next starts. */
    private void votingChangeAllowed() {
        if (r.configs.votingChangePending(r.log.committed)) throw new RaftException(RaftError.ONE_VOTING_CHANGE_ONLY);
    }

    /**
     * Whose logs count for commit: the voters of the configuration in effect, or, when the last
     * member removed itself (no voter left), that member alone: its removal must still commit, on
     * its own disk, for the cluster to end.
     */
    List<Integer> commitVoters() {
        List<Integer> voters = r.voters();
        if (voters.isEmpty() && r.configs.current().members().isEmpty()
                && r.configs.current().removedIds().contains(r.id)) {
            return List.of(r.id);
        }
        return voters;
    }

    /** Leader: track every member of the configuration in effect (a new one is probed from our end). */
    void syncProgress() {
        if (r.role != Role.LEADER) return;
        long next = r.log.lastIndex() + 1;
        for (ClusterConfig.Member m : r.configs.current().members()) {
            if (m.id() != r.id && !r.progress.containsKey(m.id())) {
                Progress pr = new Progress(m.id(), next, r.cfg.appendReqMaxCount());
                pr.recentActive = true;
                r.track(pr);
            }
        }
        // members removed by an uncommitted entry stay tracked until it commits (onCommit), so
        // that they can learn of their removal
    }

    /**
     * Thesis §4.2.1: a non-voting member that has caught up with the commit index becomes a voter.
     * One at a time, and not during a leadership transfer.
     */
    void maybePromote() {
        if (r.role != Role.LEADER || r.transfer.inProgress() || !r.committedInCurrentTerm()) return;
        if (r.configs.lastChangeIndex() > r.log.committed) return;
        for (ClusterConfig.Member m : r.configs.current().members()) {
            if (m.voting() || r.configs.heldNonVoting(m.id())) continue;
            Progress pr = r.progress.get(m.id());
            if (pr != null && pr.match >= r.log.committed) {
                long index = r.log.lastIndex() + 1;
                r.appendEntries(List.of(new ConfChange(EntryType.ADD_NODE, m.id(), m.address()).toEntry(index, r.term)));
                return;
            }
        }
    }

    /** Reacts to membership entries that just committed. */
    void onCommit(long before, long committed) {
        if (r.role == Role.LEADER) {
            for (ConfigHistory.Change ch : r.configs.between(before, committed)) {
                if (ch.type() == EntryType.REMOVE_NODE && ch.nodeId() != r.id) {
                    Progress pr = r.untrack(ch.nodeId());
                    if (pr != null) farewell(pr);
                }
            }
        }
        checkSelfRemoved();
        if (r.role == Role.LEADER) maybePromote();
    }

    /** Best effort: tell a removed node the commit index so it can learn of its own removal. */
    private void farewell(Progress pr) {
        pr.resumeProbe();
        if (pr.state == Progress.State.REPLICATE) pr.becomeProbe();
        if (pr.state == Progress.State.PROBE) r.replicator.sendAppend(pr, true);
    }

    /**
     * A node whose removal has committed stops taking part (thesis §4.2.2). A leader removing
     * itself first propagates the commit and hands over with TimeoutNow to speed up the next
     * election.
     */
    void checkSelfRemoved() {
        if (r.removed) return;
        ClusterConfig committedConfig = r.configs.at(r.log.committed);
        if (committedConfig.contains(r.id) || !committedConfig.removedIds().contains(r.id)) return;
        if (r.role == Role.LEADER) {
            r.replicator.sendPending(true);
            int successor = r.transfer.mostUpToDateVoter();
            if (successor != 0 && r.progress.get(successor).match == r.log.lastIndex()) r.transfer.sendTimeoutNow(successor);
            r.becomeFollower(r.term, 0);
        }
        r.markRemoved();
    }
}
