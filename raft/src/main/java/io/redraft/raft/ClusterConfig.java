package io.redraft.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cluster membership: the nodes that receive the log, and which of them vote. Immutable; a
 * membership entry produces a new instance. Node order is the order nodes were added, so that
 * {@code INFO raft} lists them stably.
 *
 * <p>{@code removedIds} lists every node ever removed, in removal order, so that a node id is
 * never reused (RedisRaft's "used node ids"); it travels with the configuration, hence with
 * snapshots.
 */
public record ClusterConfig(List<Member> members, List<Integer> removedIds) {
    public static final ClusterConfig EMPTY = new ClusterConfig(List.of());

    /**
     * @param id      random non-zero 31-bit node id, never reused in a cluster
     * @param address advertised {@code host:port}; opaque to the core
     * @param voting  whether the node counts in quorums
     */
    public record Member(int id, String address, boolean voting) {}

    public ClusterConfig {
        members = List.copyOf(members);
        removedIds = List.copyOf(removedIds);
    }

    /** A configuration with no history of removed nodes. */
    public ClusterConfig(List<Member> members) {
        this(members, List.of());
    }

    /** Whether {@code id} belongs, or ever belonged, to the cluster: such an id is never reused. */
    public boolean isUsed(int id) {
        return contains(id) || removedIds.contains(id);
    }

    /** Ids of current members followed by ids of removed ones ({@code RAFT.DEBUG USED_NODE_IDS}). */
    public List<Integer> usedIds() {
        List<Integer> ids = new ArrayList<>(members.size() + removedIds.size());
        for (Member m : members) ids.add(m.id());
        ids.addAll(removedIds);
        return Collections.unmodifiableList(ids);
    }

    /** Ids of all members, voting or not, in order of addition. */
    public List<Integer> memberIds() {
        List<Integer> ids = new ArrayList<>(members.size());
        for (Member m : members) ids.add(m.id());
        return Collections.unmodifiableList(ids);
    }

    public Member member(int id) {
        for (Member m : members) if (m.id() == id) return m;
        return null;
    }

    public boolean contains(int id) {
        return member(id) != null;
    }

    public boolean isVoter(int id) {
        Member m = member(id);
        return m != null && m.voting();
    }

    public List<Integer> voterIds() {
        List<Integer> ids = new ArrayList<>();
        for (Member m : members) if (m.voting()) ids.add(m.id());
        return Collections.unmodifiableList(ids);
    }

    /** Returns this configuration with {@code change} applied. */
    public ClusterConfig apply(ConfChange change) {
        List<Member> next = new ArrayList<>(members.size() + 1);
        boolean found = false;
        for (Member m : members) {
            if (m.id() != change.nodeId()) {
                next.add(m);
                continue;
            }
            found = true;
            switch (change.type()) {
                case ADD_NONVOTING_NODE -> next.add(m);
                case ADD_NODE -> next.add(new Member(m.id(), change.address(), true));
                case REMOVE_NODE -> { }
                default -> throw new IllegalArgumentException(change.type().toString());
            }
        }
        if (!found && change.type() != EntryType.REMOVE_NODE) {
            next.add(new Member(change.nodeId(), change.address(), change.type() == EntryType.ADD_NODE));
        }
        List<Integer> removed = removedIds;
        if (found && change.type() == EntryType.REMOVE_NODE && !removedIds.contains(change.nodeId())) {
            removed = new ArrayList<>(removedIds);
            removed.add(change.nodeId());
        }
        return new ClusterConfig(next, removed);
    }
}
