package io.redraft.server.tool;

import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.ShardNode;
import io.redraft.server.shard.SlotRange;
import io.redraft.store.HashSlot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole deployment's slots as a table an orchestrator edits one slot at a time: per slot the
 * STABLE owner, the MIGRATING and IMPORTING groups and the migration session key, per group its
 * nodes. Turned back into the group list of a {@code RAFT.SHARDGROUP REPLACE}, ranges merged.
 */
final class SlotAssignment {
    private final Map<String, List<ShardNode>> nodes = new LinkedHashMap<>();
    private final String[] stable = new String[HashSlot.SLOTS];
    private final String[] migrating = new String[HashSlot.SLOTS];
    private final String[] importing = new String[HashSlot.SLOTS];
    private final long[] session = new long[HashSlot.SLOTS];

    /** {@code map} as one group's leader holds it; {@code nodes} fills in each group's members. */
    SlotAssignment(ShardMap map, Map<String, List<ShardNode>> groupNodes) {
        for (ShardGroup g : map.groups()) {
            nodes.put(g.id(), groupNodes.getOrDefault(g.id(), g.nodes()));
            for (SlotRange r : g.ranges()) {
                for (int s = r.start(); s <= r.end(); s++) {
                    switch (r.type()) {
                        case STABLE -> stable[s] = g.id();
                        case MIGRATING -> migrating[s] = g.id();
                        case IMPORTING -> importing[s] = g.id();
                    }
                    if (r.type() != SlotRange.Type.STABLE) session[s] = r.sessionKey();
                }
            }
        }
    }

    String stableOwner(int slot) {
        return stable[slot];
    }

    String migrating(int slot) {
        return migrating[slot];
    }

    String importing(int slot) {
        return importing[slot];
    }

    long session(int slot) {
        return session[slot];
    }

    /** The slot leaves {@code from} for {@code to}: MIGRATING there, IMPORTING here. */
    void mark(int slot, String from, String to, long key) {
        stable[slot] = null;
        migrating[slot] = from;
        importing[slot] = to;
        session[slot] = key;
    }

    /** The move is over: {@code to} owns the slot. */
    void own(int slot, String to) {
        stable[slot] = to;
        migrating[slot] = null;
        importing[slot] = null;
        session[slot] = 0;
    }

    /** The groups as REPLACE describes them: {@code n}, then each group's id, ranges and nodes. */
    List<Object> replaceArgs() {
        Map<String, List<SlotRange>> ranges = new HashMap<>();
        for (String id : nodes.keySet()) ranges.put(id, new ArrayList<>());
        for (int s = 0; s < HashSlot.SLOTS; s++) {
            add(ranges, stable[s], s, SlotRange.Type.STABLE, 0);
            add(ranges, migrating[s], s, SlotRange.Type.MIGRATING, session[s]);
            add(ranges, importing[s], s, SlotRange.Type.IMPORTING, session[s]);
        }
        List<Object> args = new ArrayList<>(List.of("RAFT.SHARDGROUP", "REPLACE", nodes.size()));
        for (var e : nodes.entrySet()) {
            List<SlotRange> rs = ranges.get(e.getKey());
            args.add(e.getKey());
            args.add(rs.size());
            args.add(e.getValue().size());
            for (SlotRange r : rs) {
                args.add(r.start());
                args.add(r.end());
                args.add(r.type().code);
                args.add(r.sessionKey());
            }
            for (ShardNode n : e.getValue()) {
                args.add(n.id());
                args.add(n.address());
            }
        }
        return args;
    }

    /** Appends {@code slot} to {@code group}'s ranges, extending the last one when it continues it. */
    private static void add(Map<String, List<SlotRange>> ranges, String group, int slot, SlotRange.Type type, long key) {
        if (group == null) return;
        List<SlotRange> rs = ranges.computeIfAbsent(group, k -> new ArrayList<>());
        for (int i = rs.size() - 1; i >= 0; i--) {
            SlotRange r = rs.get(i);
            if (r.type() == type && r.sessionKey() == key && r.end() == slot - 1) {
                rs.set(i, new SlotRange(r.start(), slot, type, key));
                return;
            }
        }
        rs.add(new SlotRange(slot, slot, type, key));
    }
}
