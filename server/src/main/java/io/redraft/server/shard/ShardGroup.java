package io.redraft.server.shard;

import java.util.List;

/**
 * One Raft cluster's place in a sharded deployment: its id (the cluster's dbid), the slot ranges it
 * holds and the nodes clients are sent to. The local group's node list is empty in the map: it is
 * read from the Raft configuration when a reply needs it, so it never goes stale.
 */
public record ShardGroup(String id, List<SlotRange> ranges, List<ShardNode> nodes) {
    public static final int ID_LENGTH = 32;

    public ShardGroup {
        if (id.length() != ID_LENGTH) throw new IllegalArgumentException("shard group id must be 32 characters");
        ranges = List.copyOf(ranges);
        nodes = List.copyOf(nodes);
    }

    /** The same group with another node list: what a refresh of a linked group changes. */
    public ShardGroup withNodes(List<ShardNode> newNodes) {
        return new ShardGroup(id, ranges, newNodes);
    }

    /** Slot ranges a client is told about: every range but IMPORTING ones (reference §9.3). */
    public List<SlotRange> servedRanges() {
        return ranges.stream().filter(r -> r.type() != SlotRange.Type.IMPORTING).toList();
    }
}
