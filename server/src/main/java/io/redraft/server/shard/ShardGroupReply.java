package io.redraft.server.shard;

import io.redraft.resp.ReplySink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The reply of {@code RAFT.SHARDGROUP GET} (reference §9.2): the group id, its slot ranges as
 * {@code [start, end, type]}, and its active nodes as {@code [node id, host:port]}. The same reply,
 * read back, is how LINK and the periodic refresh learn a foreign group.
 */
public final class ShardGroupReply {
    private ShardGroupReply() {
    }

    /** Writes {@code group} with {@code nodes} (the local group's members, its map entry has none). */
    public static void write(ShardGroup group, List<ShardNode> nodes, ReplySink out) {
        out.arrayHeader(3);
        out.bulk(bytes(group.id()));
        out.arrayHeader(group.ranges().size());
        for (SlotRange r : group.ranges()) {
            out.arrayHeader(3);
            out.integer(r.start());
            out.integer(r.end());
            out.integer(r.type().code);
        }
        out.arrayHeader(nodes.size());
        for (ShardNode n : nodes) {
            out.arrayHeader(2);
            out.bulk(bytes(n.id()));
            out.bulk(bytes(n.address()));
        }
    }

    /**
     * Reads a decoded reply (byte[] bulks, Long integers, List arrays, as the peer link decodes
     * them). Null when it is not a well-formed group, as RedisRaft's parseShardGroupReply refuses
     * anything else: the caller logs and tries another node.
     */
    public static ShardGroup read(Object reply) {
        if (!(reply instanceof List<?> top) || top.size() != 3
                || !(top.get(0) instanceof byte[] id) || !(top.get(1) instanceof List<?> ranges)
                || !(top.get(2) instanceof List<?> nodes)) {
            return null;
        }
        String groupId = text(id);
        if (groupId.length() != ShardGroup.ID_LENGTH) return null;
        List<SlotRange> rs = new ArrayList<>();
        for (Object o : ranges) {
            if (!(o instanceof List<?> r) || r.size() != 3 || !(r.get(0) instanceof Long start)
                    || !(r.get(1) instanceof Long end) || !(r.get(2) instanceof Long type)
                    || !SlotRange.valid(start, end) || SlotRange.Type.of(type) == null) {
                return null;
            }
            rs.add(new SlotRange(start.intValue(), end.intValue(), SlotRange.Type.of(type), 0));
        }
        List<ShardNode> ns = new ArrayList<>();
        for (Object o : nodes) {
            if (!(o instanceof List<?> n) || n.size() != 2 || !(n.get(0) instanceof byte[] nodeId)
                    || !(n.get(1) instanceof byte[] address) || nodeId.length != ShardNode.ID_LENGTH) {
                return null;
            }
            ShardNode node = ShardNode.parse(text(nodeId), text(address));
            if (node == null) return null;
            ns.add(node);
        }
        return new ShardGroup(groupId, rs, ns);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
