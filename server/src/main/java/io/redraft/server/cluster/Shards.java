package io.redraft.server.cluster;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardGroupError;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.SlotConfig;
import io.redraft.server.shard.SlotRange;
import java.util.List;

/**
 * The shard map as replicated state (reference §9.1): built from {@code raft.slot-config} when the
 * node gets its cluster identity, changed only by applying ADD_SHARDGROUP, UPDATE_SHARDGROUP and
 * REPLACE_SHARDGROUPS entries, carried in snapshots. Every node of a group therefore holds the same
 * map at the same applied index. Node thread only.
 */
public final class Shards {
    private final RaftRuntime rt;
    private ShardMap map;
    /** Whether an entry ever changed the map: a snapshot then carries it, else the configuration rebuilds it. */
    private boolean changed;

    Shards(RaftRuntime rt) {
        this.rt = rt;
    }

    /** The applied map; null before the node has a cluster identity. */
    public ShardMap map() {
        if (map == null && !rt.dbid().isEmpty()) reset(rt.dbid());
        return map;
    }

    /** Whether slot checks apply (RedisRaft: as soon as the map is more than the whole local group). */
    public boolean active() {
        ShardMap m = map();
        return m != null && m.sharding();
    }

    /** The map of a cluster that has never applied a shard entry: the local group with {@code raft.slot-config}. */
    void reset(String dbid) {
        List<SlotRange> ranges = SlotConfig.parse(rt.config().slotConfig());
        map = ShardMap.initial(dbid, ranges == null ? List.of() : ranges);
        changed = false;
    }

    /** A snapshot's map (empty: none was ever given, so the configuration's). */
    void restore(byte[] encoded) {
        if (encoded == null || encoded.length == 0) {
            reset(rt.dbid());
            return;
        }
        map = ShardMap.decode(encoded);
        changed = true;
    }

    /** What a snapshot taken now carries. */
    public byte[] snapshotData() {
        return changed && map != null ? map.encode() : new byte[0];
    }

    /**
     * Applies a shard entry. The leader validated it before proposing; a change that became invalid
     * since (another change applied first) changes nothing and is answered with the reason.
     *
     * @return null when applied, else the error reply (without '-')
     */
    String apply(Entry e) {
        ShardMap m = map();
        try {
            List<ShardGroup> groups = ShardMap.decodeGroups(e.data());
            map = switch (e.type()) {
                case ADD_SHARDGROUP -> m.add(single(groups));
                case UPDATE_SHARDGROUP -> m.updateNodes(single(groups));
                case REPLACE_SHARDGROUPS -> m.replace(groups);
                default -> throw new IllegalArgumentException("not a shard entry: " + e.type());
            };
            changed = true;
            return null;
        } catch (ShardGroupError err) {
            return e.type() == EntryType.ADD_SHARDGROUP || e.type() == EntryType.UPDATE_SHARDGROUP
                    ? "ERR Invalid ShardGroup Update" : err.getMessage();
        } catch (IllegalArgumentException bad) {
            return "ERR Invalid ShardGroup Update";
        }
    }

    private static ShardGroup single(List<ShardGroup> groups) {
        if (groups.size() != 1) throw new IllegalArgumentException("one group expected");
        return groups.get(0);
    }
}
