package io.redraft.raft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cluster membership: the nodes that receive the log, and which of them vote. Immutable; a
 * membership entry produces a new instance. Node order is the order nodes were added, so that
 * {@code INFO raft} lists them stably.
 */
public record ClusterConfig(List<Member> members) {
    public static final ClusterConfig EMPTY = new ClusterConfig(List.of());

    /**
     * @param id      random non-zero 31-bit node id, never reused in a cluster
     * @param address advertised {@code host:port}; opaque to the core
     * @param voting  whether the node counts in quorums
     */
    public record Member(int id, String address, boolean voting) {}

    public ClusterConfig {
        members = List.copyOf(members);
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
        return new ClusterConfig(next);
    }
}
