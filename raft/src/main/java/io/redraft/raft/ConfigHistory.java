package io.redraft.raft;

import java.util.ArrayList;

/**
 * Membership configurations found in the log since the last snapshot (thesis §4.1). A
 * configuration takes effect as soon as its entry is appended, committed or not, and reverts
 * when that entry is truncated; so the core remembers each change with its index.
 */
final class ConfigHistory {
    record Change(long index, EntryType type, int nodeId, ClusterConfig config) {}

    private long baseIndex;
    private ClusterConfig base;
    private final ArrayList<Change> changes = new ArrayList<>();

    ConfigHistory(long baseIndex, ClusterConfig base) {
        reset(baseIndex, base);
    }

    void reset(long index, ClusterConfig config) {
        baseIndex = index;
        base = config;
        changes.clear();
    }

    ClusterConfig current() {
        return changes.isEmpty() ? base : changes.get(changes.size() - 1).config();
    }

    private ClusterConfig votersOf;
    private java.util.List<Integer> voters;

    /** Voter ids of the current configuration, cached: quorum maths asks on every acknowledgement. */
    java.util.List<Integer> currentVoters() {
        ClusterConfig c = current();
        if (c != votersOf) {
            voters = c.voterIds();
            votersOf = c;
        }
        return voters;
    }

    /** The configuration in effect once the log reaches {@code index}. */
    ClusterConfig at(long index) {
        ClusterConfig c = base;
        for (Change ch : changes) {
            if (ch.index() > index) break;
            c = ch.config();
        }
        return c;
    }

    /** Applies the membership change carried by {@code e}, if it is one. */
    void append(Entry e) {
        if (!e.type().isConfigChange()) return;
        ConfChange cc = ConfChange.decode(e.type(), e.data());
        changes.add(new Change(e.index(), e.type(), cc.nodeId(), current().apply(cc)));
    }

    /**
     * RAFT.DEBUG NODECFG: overrides a member's voting flag in the configuration in effect, on this
     * node only and outside the log, as RedisRaft's debug command does (its own tests use it to
     * forge a configuration that only a snapshot carries to other nodes). False if not a member.
     */
    boolean debugSetVoting(int id, boolean voting) {
        ClusterConfig c = current();
        ClusterConfig.Member m = c.member(id);
        if (m == null) return false;
        if (voting) heldNonVoting.remove(id);
        else heldNonVoting.add(id);
        java.util.List<ClusterConfig.Member> members = new ArrayList<>(c.members());
        members.set(members.indexOf(m), new ClusterConfig.Member(id, m.address(), voting));
        ClusterConfig next = new ClusterConfig(members, c.removedIds());
        if (changes.isEmpty()) {
            base = next;
        } else {
            Change last = changes.get(changes.size() - 1);
            changes.set(changes.size() - 1, new Change(last.index(), last.type(), last.nodeId(), next));
        }
        return true;
    }

    /**
     * Members NODECFG made non-voting: not promoted again as caught-up newcomers (thesis §4.2.1
     * applies to nodes that joined without a vote; RedisRaft's library likewise promotes only a
     * node whose voting was never committed), or the override would last one heartbeat.
     */
    private final java.util.Set<Integer> heldNonVoting = new java.util.HashSet<>();

    boolean heldNonVoting(int id) {
        return heldNonVoting.contains(id);
    }

    /** Reverts changes whose entries (at {@code index} and after) are being overwritten. */
    void truncateFrom(long index) {
        while (!changes.isEmpty() && changes.get(changes.size() - 1).index() >= index) {
            changes.remove(changes.size() - 1);
        }
    }

    /** Folds changes up to {@code index} into the base: a snapshot now covers them. */
    void compact(long index) {
        if (index <= baseIndex) return;
        base = at(index);
        baseIndex = index;
        changes.removeIf(ch -> ch.index() <= index);
    }

    /** Whether an ADD_NODE or REMOVE_NODE after {@code committed} is still uncommitted (§4.1). */
    boolean votingChangePending(long committed) {
        for (Change ch : changes) {
            if (ch.index() > committed && ch.type() != EntryType.ADD_NONVOTING_NODE) return true;
        }
        return false;
    }

    /** Index of the latest change, or the base index. */
    long lastChangeIndex() {
        return changes.isEmpty() ? baseIndex : changes.get(changes.size() - 1).index();
    }

    /** Changes in {@code (from, to]}, in log order. */
    java.util.List<Change> between(long from, long to) {
        ArrayList<Change> out = new ArrayList<>();
        for (Change ch : changes) if (ch.index() > from && ch.index() <= to) out.add(ch);
        return out;
    }
}
