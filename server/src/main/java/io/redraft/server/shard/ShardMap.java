package io.redraft.server.shard;

import io.redraft.store.HashSlot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which shard group serves each hash slot (reference §9.1): every group by id, and per slot its
 * STABLE owner, the group MIGRATING it away and the group IMPORTING it. Immutable: a change is a
 * Raft entry, applied by building the next map, so every node of a group moves from one map to the
 * next at the same log index and a reply never sees half a change.
 *
 * <p>Groups are kept in id order, as RedisRaft's dictionary iterates them, so CLUSTER SLOTS and
 * CLUSTER NODES list them in the same order on every node.
 */
public final class ShardMap {
    private final String localId;
    private final Map<String, ShardGroup> groups;
    private final ShardGroup[] stable = new ShardGroup[HashSlot.SLOTS];
    private final ShardGroup[] importing = new ShardGroup[HashSlot.SLOTS];
    private final ShardGroup[] migrating = new ShardGroup[HashSlot.SLOTS];

    private ShardMap(String localId, Collection<ShardGroup> all) {
        this.localId = localId;
        TreeMap<String, ShardGroup> byId = new TreeMap<>();
        for (ShardGroup g : all) {
            byId.put(g.id(), g);
            for (SlotRange r : g.ranges()) {
                ShardGroup[] owners = switch (r.type()) {
                    case STABLE -> stable;
                    case IMPORTING -> importing;
                    case MIGRATING -> migrating;
                };
                for (int s = r.start(); s <= r.end(); s++) owners[s] = g;
            }
        }
        this.groups = Collections.unmodifiableMap(byId);
    }

    /** A node's map before any shard-group command: its own group with the slots of {@code raft.slot-config}. */
    public static ShardMap initial(String localId, List<SlotRange> localRanges) {
        return new ShardMap(localId, List.of(new ShardGroup(localId, localRanges, List.of())));
    }

    public String localId() {
        return localId;
    }

    public ShardGroup local() {
        return groups.get(localId);
    }

    public Collection<ShardGroup> groups() {
        return groups.values();
    }

    public ShardGroup group(String id) {
        return groups.get(id);
    }

    public ShardGroup stableOwner(int slot) {
        return stable[slot];
    }

    public ShardGroup importingGroup(int slot) {
        return importing[slot];
    }

    public ShardGroup migratingGroup(int slot) {
        return migrating[slot];
    }

    /**
     * Whether slot checks apply: RedisRaft turns them on as soon as the map is anything but the
     * local group alone owning every slot STABLE, whatever {@code raft.sharding} says.
     */
    public boolean sharding() {
        if (groups.size() != 1) return true;
        ShardGroup only = local();
        if (only == null || only.ranges().size() != 1) return true;
        SlotRange r = only.ranges().get(0);
        return r.start() != 0 || r.end() != HashSlot.SLOTS - 1 || r.type() != SlotRange.Type.STABLE;
    }

    /**
     * The map with one more group (RAFT.SHARDGROUP ADD, LINK). Refused when the id is known or
     * when one of its slots is already owned STABLE, or already migrating or importing elsewhere
     * in the same state (RedisRaft's ShardingInfoValidateShardGroup).
     */
    public ShardMap add(ShardGroup g) throws ShardGroupError {
        if (groups.containsKey(g.id())) throw new ShardGroupError("ERR Invalid ShardGroup Update");
        for (SlotRange r : g.ranges()) {
            for (int s = r.start(); s <= r.end(); s++) {
                boolean taken = stable[s] != null
                        || r.type() == SlotRange.Type.MIGRATING && migrating[s] != null
                        || r.type() == SlotRange.Type.IMPORTING && importing[s] != null;
                if (taken) {
                    throw new ShardGroupError("ERR invalid shardgroup configuration. Consult the logs for more info.");
                }
            }
        }
        List<ShardGroup> next = new ArrayList<>(groups.values());
        next.add(g);
        return new ShardMap(localId, next);
    }

    /**
     * The map after a linked group's periodic refresh: only the node list of a known foreign group
     * changes (slot ranges never change this way, reference §9.2). The local group's nodes come
     * from the Raft configuration, so an update naming it changes nothing.
     */
    public ShardMap updateNodes(ShardGroup g) throws ShardGroupError {
        ShardGroup known = groups.get(g.id());
        if (known == null) throw new ShardGroupError("ERR Invalid ShardGroup Update");
        if (g.id().equals(localId)) return this;
        List<ShardGroup> next = new ArrayList<>(groups.values());
        next.replaceAll(x -> x.id().equals(g.id()) ? known.withNodes(g.nodes()) : x);
        return new ShardMap(localId, next);
    }

    /**
     * The whole map at once (RAFT.SHARDGROUP REPLACE, external sharding). The local group must be
     * in it: a map without it would leave this group serving nothing while its keys stay here.
     */
    public ShardMap replace(List<ShardGroup> all) throws ShardGroupError {
        checkDisjoint(all);
        if (all.stream().noneMatch(g -> g.id().equals(localId))) {
            throw new ShardGroupError("ERR invalid shard group message (local shard group missing)");
        }
        if (all.stream().map(ShardGroup::id).distinct().count() != all.size()) {
            throw new ShardGroupError("ERR Invalid ShardGroup Update");
        }
        return new ShardMap(localId, all);
    }

    /** The overlap rules of a REPLACE, which describes every group at once (reference §9.2). */
    static void checkDisjoint(List<ShardGroup> all) throws ShardGroupError {
        ShardGroup[] st = new ShardGroup[HashSlot.SLOTS];
        ShardGroup[] im = new ShardGroup[HashSlot.SLOTS];
        ShardGroup[] mi = new ShardGroup[HashSlot.SLOTS];
        String prefix = "ERR Unable to validate shard groups: ";
        for (ShardGroup g : all) {
            for (SlotRange r : g.ranges()) {
                for (int s = r.start(); s <= r.end(); s++) {
                    if (st[s] != null) throw new ShardGroupError(prefix + "shard group already owns this slot");
                    switch (r.type()) {
                        case STABLE -> {
                            if (im[s] != null || mi[s] != null) {
                                throw new ShardGroupError(prefix + "slot marked for resharding");
                            }
                            st[s] = g;
                        }
                        case IMPORTING -> {
                            if (im[s] != null) throw new ShardGroupError(prefix + "shard group already importing this slot");
                            im[s] = g;
                        }
                        case MIGRATING -> {
                            if (mi[s] != null) throw new ShardGroupError(prefix + "shard group already migrating this slot");
                            mi[s] = g;
                        }
                    }
                }
            }
        }
    }

    // ---- the map in log entries and snapshots ----

    /**
     * The map as text: the local id, the group count, then each group as RedisRaft serializes a
     * shard group (id, #ranges, #nodes, each range's start, end, type and key, each node's id and
     * address), one field per line. Text keeps a log or snapshot dump readable.
     */
    public byte[] encode() {
        StringBuilder b = new StringBuilder();
        b.append(localId).append('\n').append(groups.size()).append('\n');
        for (ShardGroup g : groups.values()) encodeGroup(g, b);
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Groups as a shard log entry carries them: the count, then each group as in {@link #encode}. */
    public static byte[] encodeGroups(List<ShardGroup> list) {
        StringBuilder b = new StringBuilder();
        b.append(list.size()).append('\n');
        for (ShardGroup g : list) encodeGroup(g, b);
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads {@link #encodeGroups}'s form; a damaged one is an {@link IllegalArgumentException}. */
    public static List<ShardGroup> decodeGroups(byte[] data) {
        Lines in = new Lines(new String(data, StandardCharsets.ISO_8859_1));
        int n = in.count();
        List<ShardGroup> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(decodeGroup(in));
        in.end();
        return all;
    }

    static void encodeGroup(ShardGroup g, StringBuilder b) {
        b.append(g.id()).append('\n').append(g.ranges().size()).append('\n').append(g.nodes().size()).append('\n');
        for (SlotRange r : g.ranges()) {
            b.append(r.start()).append('\n').append(r.end()).append('\n').append(r.type().code).append('\n')
                    .append(r.sessionKey()).append('\n');
        }
        for (ShardNode n : g.nodes()) b.append(n.id()).append('\n').append(n.address()).append('\n');
    }

    /** Reads {@link #encode}'s form; a damaged one is an {@link IllegalArgumentException}, never half a map. */
    public static ShardMap decode(byte[] data) {
        Lines in = new Lines(new String(data, StandardCharsets.ISO_8859_1));
        String local = in.next();
        int n = in.count();
        List<ShardGroup> all = new ArrayList<>();
        for (int i = 0; i < n; i++) all.add(decodeGroup(in));
        in.end();
        try {
            checkDisjoint(all);
        } catch (ShardGroupError e) {
            throw new IllegalArgumentException("shard map: " + e.getMessage());
        }
        return new ShardMap(local, all);
    }

    static ShardGroup decodeGroup(Lines in) {
        String id = in.next();
        int ranges = in.count();
        int nodes = in.count();
        List<SlotRange> rs = new ArrayList<>();
        for (int i = 0; i < ranges; i++) {
            int start = in.count();
            int end = in.count();
            SlotRange.Type type = SlotRange.Type.of(in.count());
            long key = Long.parseLong(in.next());
            rs.add(new SlotRange(start, end, type, key));
        }
        List<ShardNode> ns = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            String nodeId = in.next();
            ShardNode node = ShardNode.parse(nodeId, in.next());
            if (node == null) throw new IllegalArgumentException("shard map: bad node address");
            ns.add(node);
        }
        return new ShardGroup(id, rs, ns);
    }

    /** Newline-separated fields with bounds checks, for {@link #decode}. */
    static final class Lines {
        private final String text;
        private int at;

        Lines(String text) {
            this.text = text;
        }

        String next() {
            int nl = text.indexOf('\n', at);
            if (nl < 0) throw new IllegalArgumentException("shard map: truncated");
            String s = text.substring(at, nl);
            at = nl + 1;
            return s;
        }

        int count() {
            String s = next();
            try {
                int v = Integer.parseInt(s);
                if (v < 0) throw new IllegalArgumentException("shard map: negative count");
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shard map: bad number " + s);
            }
        }

        void end() {
            if (at != text.length()) throw new IllegalArgumentException("shard map: trailing data");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardMap m && m.localId.equals(localId) && m.groups.equals(groups);
    }

    @Override
    public int hashCode() {
        return groups.hashCode();
    }
}
