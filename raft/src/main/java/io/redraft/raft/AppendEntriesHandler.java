package io.redraft.raft;

import java.util.List;

/**
 * Follower side of AppendEntries (§5.3, Figure 2 "Receiver implementation"), after the term rules
 * of §5.1. Never overwrites a committed entry: such a request is refused and counted.
 */
final class AppendEntriesHandler {
    private final Raft r;

    AppendEntriesHandler(Raft raft) {
        this.r = raft;
    }

    void handle(AppendEntriesRequest m) {
        if (r.role() == Role.LEADER) return; // two leaders in one term cannot happen (§5.2 Election Safety)
        // §5.2: a candidate that hears from the leader of its term returns to follower
        r.heardFromLeader(m.from());
        if (r.snapshotHandler.installing()) {
            // the log is about to be replaced by a snapshot: append nothing and say nothing (a
            // rejection would send the leader probing from scratch); it resends after the install
            return;
        }
        long prev = m.prevLogIndex();
        long prevTerm = m.prevLogTerm();
        List<Entry> entries = m.entries();
        long committed = r.log.committed;
        if (prev < committed) {
            // Everything up to our commit index matches the leader's log (§5.4 Leader Completeness);
            // entries there must agree with ours, and only the rest is news.
            int skip = 0;
            for (Entry e : entries) {
                if (e.index() > committed) break;
                long t = r.log.term(e.index());
                if (t != RaftLog.UNKNOWN_TERM && t != e.term()) {
                    refuse(m, e.index());
                    return;
                }
                skip++;
            }
            if (skip == entries.size()) {
                reply(m, true, committed, 0, 0);
                return;
            }
            entries = entries.subList(skip, entries.size());
            prev = committed;
            prevTerm = r.log.term(committed);
        }
        if (!r.log.matchTerm(prev, prevTerm)) {
            // §5.3: consistency check failed. Hint the largest index whose term is <= prevTerm so
            // that the leader skips whole conflicting terms in one step.
            long hint = r.log.findConflictByTerm(Math.min(prev, r.log.lastIndex()), prevTerm);
            reply(m, false, r.log.lastIndex(), Math.max(0, r.log.term(hint)), hint);
            return;
        }
        long conflict = r.log.findConflict(entries);
        if (conflict != 0 && conflict <= r.log.committed) {
            refuse(m, conflict);
            return;
        }
        if (conflict != 0) {
            // §5.3 step 3–4: delete the conflicting entry and all that follow, append the new ones
            r.appendFromLeader(conflict, entries.subList((int) (conflict - entries.get(0).index()), entries.size()));
        }
        long lastNew = prev + entries.size();
        // §5.3 step 5
        r.followerCommitTo(Math.min(m.leaderCommit(), lastNew));
        reply(m, true, lastNew, 0, 0);
    }

    /**
     * A committed entry is never truncated: refuse loudly (counter plus listener), answer nothing.
     * In a correct cluster this cannot happen; it means a bug or a corrupted peer.
     */
    private void refuse(AppendEntriesRequest m, long index) {
        r.refuseTruncation(m.from(), m.term(), index);
    }

    /**
     * Figure 2: a success vouches for the log up to {@code index} and for the current term, so it
     * waits until both are durable. When they already are (a heartbeat, or an append of entries
     * this node had already), it leaves at once: a heartbeat that confirms a ReadIndex round
     * (thesis §6.4) then never queues behind the fsync of unrelated entries.
     */
    private void reply(AppendEntriesRequest m, boolean success, long index, long conflictTerm, long conflictIndex) {
        var response = new AppendEntriesResponse(r.id(), m.from(), r.term(), success, index, m.msgId(),
                conflictTerm, conflictIndex);
        if (success && index <= r.log.stableIndex() && r.durableTerm == r.term()) r.send(response);
        else r.sendAfterPersist(response);
    }
}
