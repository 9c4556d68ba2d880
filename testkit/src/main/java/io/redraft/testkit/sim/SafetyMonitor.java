package io.redraft.testkit.sim;

import io.redraft.raft.Entry;
import io.redraft.raft.SnapshotMeta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the safety properties of Raft Figure 3 against what nodes do, as the simulator observes
 * it: who claims leadership, what each node asks to have written to its log, and what it applies.
 * Every check throws {@link SafetyViolation} on the spot, so the failing step is the last one run.
 *
 * <p>Knowledge of what is committed comes from entries nodes apply: an entry handed to the state
 * machine anywhere is committed everywhere, forever. The monitor does not know in which term an
 * entry was committed, only an upper bound (the highest leader term seen when it learned of the
 * commit), so Leader Completeness is checked for leaders of terms above that bound: a leader of a
 * lower term may legitimately be elected late, by votes delayed in the network.
 */
final class SafetyMonitor {
    private record IndexTerm(long index, long term) {}

    private final Map<Long, Integer> leaderOfTerm = new HashMap<>();
    /** Chained hash of every (index, term) ever written anywhere: Log Matching says it is unique. */
    private final Map<IndexTerm, Long> chainOf = new HashMap<>();
    /** Chained hash of the log prefix ending at each committed index. */
    private final Map<Long, Long> committed = new HashMap<>();
    /** Hash of the entry itself (not the prefix) applied at each index. */
    private final Map<Long, Long> appliedEntry = new HashMap<>();
    private final Map<Integer, ShadowLog> logs = new HashMap<>();
    /** Per node, since its last restart: the highest commit index and applied index it reported. */
    private final Map<Integer, long[]> progress = new HashMap<>();
    /** Highest leader term seen when each new maximum committed index became known, to that index. */
    private final TreeMap<Long, Long> committedByTermBound = new TreeMap<>();
    private long maxLeaderTerm;
    private long maxCommitted;
    private long checks;
    private long installs;

    long checks() {
        return checks;
    }

    /** Terms that had a leader. */
    int leaderTerms() {
        return leaderOfTerm.size();
    }

    long snapshotsInstalled() {
        return installs;
    }

    long maxCommitted() {
        return maxCommitted;
    }

    private ShadowLog log(int node) {
        return logs.computeIfAbsent(node, n -> new ShadowLog());
    }

    /** Election Safety (§5.2): at most one leader per term. Leader Completeness (§5.4) on the side. */
    void leader(int node, long term) {
        checks++;
        Integer prev = leaderOfTerm.putIfAbsent(term, node);
        if (prev != null && prev != node) {
            throw new SafetyViolation("Election Safety", "nodes " + prev + " and " + node + " are both leader in term " + term);
        }
        if (prev == null) leaderCompleteness(node, term);
        maxLeaderTerm = Math.max(maxLeaderTerm, term);
    }

    private void leaderCompleteness(int node, long term) {
        Map.Entry<Long, Long> bound = committedByTermBound.lowerEntry(term);
        if (bound == null) return;
        long index = bound.getValue();
        ShadowLog log = log(node);
        if (log.base() >= index) return;
        if (log.lastIndex() < index || log.hash(index) != committed.get(index)) {
            throw new SafetyViolation("Leader Completeness", "node " + node + " became leader of term " + term
                    + " without entry " + index + ", committed by term " + bound.getKey() + " at the latest (its log ends at "
                    + log.lastIndex() + ")");
        }
    }

    /**
     * The node asked for {@code batch} to be appended to its log, replacing any suffix from the
     * batch's first index. Checks Log Matching (§5.3) against every entry published so far, and
     * that the node never replaces an entry it already knew committed ({@code nodeCommit}): a
     * node may drop uncommitted entries only.
     *
     * @return the chained hash of each entry, for {@link #published} once the write is durable
     */
    long[] written(int node, List<Entry> batch, long nodeCommit) {
        if (batch.isEmpty()) return new long[0];
        checks++;
        ShadowLog log = log(node);
        long first = batch.get(0).index();
        long guarded = Math.min(log.lastIndex(), nodeCommit);
        boolean guarding = guarded >= first && guarded > log.base();
        long guardedHash = guarding ? log.hash(guarded) : 0;
        long[] hashes = new long[batch.size()];
        for (int i = 0; i < hashes.length; i++) {
            Entry e = batch.get(i);
            log.put(e);
            hashes[i] = log.hash(e.index());
            Long known = chainOf.get(new IndexTerm(e.index(), e.term()));
            if (known != null && known != hashes[i]) {
                throw new SafetyViolation("Log Matching", "node " + node + " holds entry " + e.index() + "@" + e.term()
                        + " with a different log up to it than another copy of " + e.index() + "@" + e.term());
            }
        }
        if (guarding && (log.lastIndex() < guarded || log.hash(guarded) != guardedHash)) {
            throw new SafetyViolation("Committed entry truncated", "node " + node + " replaced its log from index "
                    + first + ", losing entry " + guarded + " that it knew committed");
        }
        return hashes;
    }

    /**
     * Entries left the node: they became durable on its disk ({@code hashes} from
     * {@link #written}) or were sent to a peer. From then on, (index, term) names that entry and
     * that log prefix everywhere. Entries that never leave a node before it crashes are not
     * published: a node that re-creates a different entry with the same index and term after a
     * crash harms nobody if no one saw the first one.
     */
    void published(int node, List<Entry> entries, long[] hashes) {
        for (int i = 0; i < hashes.length; i++) {
            Entry e = entries.get(i);
            Long known = chainOf.putIfAbsent(new IndexTerm(e.index(), e.term()), hashes[i]);
            if (known != null && known != hashes[i]) {
                throw new SafetyViolation("Log Matching", "node " + node + " published entry " + e.index() + "@" + e.term()
                        + " with a different log up to it than another copy of " + e.index() + "@" + e.term());
            }
        }
    }

    /** The node sent {@code entries} (from its log) to a peer. */
    void sent(int node, List<Entry> entries) {
        if (entries.isEmpty()) return;
        ShadowLog log = log(node);
        int compacted = 0;
        while (compacted < entries.size() && entries.get(compacted).index() <= log.base()) {
            // Compacted here (the core may still serve it from a cache): it was applied, so it
            // must be the entry applied at that index.
            Entry e = entries.get(compacted++);
            Long applied = appliedEntry.get(e.index());
            if (applied != null && applied != ShadowLog.chain(0, e)) {
                throw new SafetyViolation("State Machine Safety", "node " + node + " sent " + e
                        + " but a different entry was applied at index " + e.index());
            }
        }
        if (compacted > 0) entries = entries.subList(compacted, entries.size());
        long[] hashes = new long[entries.size()];
        for (int i = 0; i < hashes.length; i++) {
            Entry e = entries.get(i);
            if (!log.has(e.index()) || log.term(e.index()) != e.term()) {
                throw new SafetyViolation("Log Matching", "node " + node + " sent " + e + " which is not in its log (log ("
                        + log.base() + ", " + log.lastIndex() + "]" + (log.has(e.index()) ? ", term there " + log.term(e.index()) : "") + ")");
            }
            hashes[i] = log.hash(e.index());
        }
        published(node, entries, hashes);
    }

    /** The node's log now starts from a snapshot (received, or loaded on restart). */
    void snapshot(int node, SnapshotMeta meta) {
        checks++;
        installs++;
        Long h = chainOf.get(new IndexTerm(meta.lastIndex(), meta.lastTerm()));
        if (h == null) {
            throw new SafetyViolation("State Machine Safety", "node " + node + " got a snapshot at " + meta.lastIndex()
                    + "@" + meta.lastTerm() + " that matches no entry ever written");
        }
        Long c = committed.get(meta.lastIndex());
        if (c != null && !c.equals(h)) {
            throw new SafetyViolation("State Machine Safety", "snapshot at " + meta.lastIndex() + "@" + meta.lastTerm()
                    + " on node " + node + " disagrees with the committed log");
        }
        log(node).reset(meta.lastIndex(), meta.lastTerm(), h);
        committedUpTo(meta.lastIndex(), h);
    }

    /** The node compacted its own log up to {@code index}. */
    void compacted(int node, long index) {
        log(node).compact(index);
    }

    /**
     * After each step of a node: its commit index and the index its state machine has applied
     * never go backwards. A restart (back to its durable state) is the only exception.
     */
    void progress(int node, long commit, long applied) {
        checks++;
        long[] prev = progress.computeIfAbsent(node, n -> new long[] {commit, applied});
        if (commit < prev[0]) {
            throw new SafetyViolation("Commit index went backwards", "node " + node + " reports commit index " + commit
                    + " after " + prev[0]);
        }
        if (applied < prev[1]) {
            throw new SafetyViolation("Applied state went backwards", "node " + node + " has applied up to " + applied
                    + " after " + prev[1]);
        }
        prev[0] = commit;
        prev[1] = applied;
    }

    /**
     * The node is about to install a received snapshot ({@code snapshotIndex}) while it knows the
     * log committed up to {@code nodeCommit} and has applied up to {@code applied}. A snapshot
     * older than either would take its state machine back in time (a stale or duplicated
     * InstallSnapshot accepted): Figure 13 step 6 says to keep the log then.
     */
    void installing(int node, long snapshotIndex, long nodeCommit, long applied) {
        checks++;
        if (snapshotIndex < nodeCommit || snapshotIndex < applied) {
            throw new SafetyViolation("Stale snapshot installed", "node " + node + " installs a snapshot at "
                    + snapshotIndex + " although it had committed up to " + nodeCommit + " and applied up to " + applied);
        }
    }

    /** The node restarted from disk: its log is exactly the durable one. */
    void restarted(int node, SnapshotMeta snap, List<Entry> durable) {
        logs.remove(node);
        progress.remove(node);
        if (snap.lastIndex() > 0) snapshot(node, snap);
        published(node, durable, written(node, durable, 0));
    }

    /**
     * State Machine Safety (§5.4.3): the node applies {@code e}; no node may ever apply a different
     * entry at that index.
     */
    void applied(int node, Entry e) {
        checks++;
        long entryHash = ShadowLog.chain(0, e);
        Long other = appliedEntry.putIfAbsent(e.index(), entryHash);
        if (other != null && other != entryHash) {
            throw new SafetyViolation("State Machine Safety", "node " + node + " applies " + e
                    + " but another node applied a different entry at index " + e.index());
        }
        ShadowLog log = log(node);
        // A snapshot that covers this entry is being installed: the node may still apply the
        // entries it had committed before; only the entry itself can be compared.
        if (log.base() >= e.index()) return;
        if (!log.has(e.index()) || log.term(e.index()) != e.term()) {
            throw new SafetyViolation("State Machine Safety", "node " + node + " applies " + e + " which is not in its log"
                    + " (log (" + log.base() + ", " + log.lastIndex() + "]" + (log.has(e.index()) ? ", term there " + log.term(e.index()) : "") + ")");
        }
        long h = log.hash(e.index());
        Long prev = committed.get(e.index());
        if (prev != null && prev != h) {
            throw new SafetyViolation("State Machine Safety", "node " + node + " applies " + e
                    + " but another node applied a different entry at index " + e.index());
        }
        committedUpTo(e.index(), h);
    }

    private void committedUpTo(long index, long hash) {
        committed.put(index, hash);
        if (index > maxCommitted) {
            maxCommitted = index;
            committedByTermBound.put(maxLeaderTerm, index);
        }
    }
}
