package io.redraft.server.shard;

import io.redraft.resp.ReplySink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER SLOTS, SHARDS and NODES built from the shard map (reference §9.3), in the formats
 * cluster clients parse. The local group's nodes come from the Raft configuration (leader first),
 * never from the map, so a reply names the nodes that vote now; foreign groups are shown with the
 * node list the map holds, their first node as master.
 *
 * @param local  the local group's active members in configuration order
 * @param leader the Raft id of the local leader
 * @param self   this node's Raft id
 * @param term   the current term: CLUSTER NODES prints it as the config epoch of local nodes
 */
public record ClusterView(ShardMap map, List<Member> local, long leader, long self, long term, boolean tls) {
    /** A member of the local Raft group: its Raft id and where clients reach it. */
    public record Member(long raftId, String host, int port) {
    }

    /** A node as a reply lists it. */
    private record Listed(String id, String host, int port, boolean master, boolean myself) {
    }

    public void slots(ReplySink out) {
        List<Object[]> entries = new ArrayList<>();
        for (ShardGroup g : map.groups()) {
            for (SlotRange r : g.servedRanges()) entries.add(new Object[]{g, r});
        }
        out.arrayHeader(entries.size());
        for (Object[] e : entries) {
            ShardGroup g = (ShardGroup) e[0];
            SlotRange r = (SlotRange) e[1];
            List<Listed> nodes = nodes(g);
            out.arrayHeader(2 + nodes.size());
            out.integer(r.start());
            out.integer(r.end());
            for (Listed n : nodes) {
                out.arrayHeader(3);
                out.bulk(bytes(n.host()));
                out.integer(n.port());
                out.bulk(bytes(n.id()));
            }
        }
    }

    public void shards(ReplySink out) {
        out.arrayHeader(map.groups().size());
        for (ShardGroup g : map.groups()) {
            out.mapHeader(2);
            out.bulk(bytes("slots"));
            List<SlotRange> served = g.servedRanges();
            out.arrayHeader(served.size() * 2);
            for (SlotRange r : served) {
                out.integer(r.start());
                out.integer(r.end());
            }
            out.bulk(bytes("nodes"));
            List<Listed> nodes = nodes(g);
            out.arrayHeader(nodes.size());
            for (Listed n : nodes) {
                out.mapHeader(7);
                out.bulk(bytes("id"));
                out.bulk(bytes(n.id()));
                out.bulk(bytes(tls ? "tls-port" : "port"));
                out.integer(n.port());
                out.bulk(bytes("ip"));
                out.bulk(bytes(n.host()));
                out.bulk(bytes("endpoint"));
                out.bulk(bytes(n.host()));
                out.bulk(bytes("role"));
                out.bulk(bytes(n.master() ? "master" : "replica"));
                out.bulk(bytes("replication-offset"));
                out.integer(0);
                out.bulk(bytes("health"));
                out.bulk(bytes("online"));
            }
        }
    }

    /** CLUSTER NODES: one line per node, {@code \n}-terminated, as one bulk string. */
    public String nodes() {
        StringBuilder sb = new StringBuilder();
        String leaderId = ShardNode.clusterId(map.localId(), leader);
        for (ShardGroup g : map.groups()) {
            String slots = String.join(" ", g.servedRanges().stream().map(SlotRange::text).toList());
            boolean isLocal = g.id().equals(map.localId());
            for (Listed n : nodes(g, false)) {
                String flags = (n.myself() ? "myself," : "") + (n.master() ? "master" : "slave");
                String master = isLocal && !n.master() ? leaderId : "-";
                sb.append(n.id()).append(' ').append(n.host()).append(':').append(n.port()).append('@').append(n.port())
                        .append(' ').append(flags).append(' ').append(master).append(" 0 0 ").append(isLocal ? term : 0)
                        .append(" connected ").append(slots);
                if (n.myself()) movingSlots(g, sb);
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The local node's line also shows slots in motion: {@code [slot-<-id]} importing, {@code [slot->-id]} migrating. */
    private void movingSlots(ShardGroup g, StringBuilder sb) {
        for (SlotRange r : g.ranges()) {
            if (r.type() == SlotRange.Type.STABLE) continue;
            boolean importing = r.type() == SlotRange.Type.IMPORTING;
            for (int s = r.start(); s <= r.end(); s++) {
                ShardGroup peer = importing ? map.migratingGroup(s) : map.importingGroup(s);
                if (peer == null || peer.nodes().isEmpty()) continue;
                sb.append(" [").append(s).append(importing ? "-<-" : "->-").append(peer.nodes().get(0).id()).append(']');
            }
        }
    }

    private List<Listed> nodes(ShardGroup g) {
        return nodes(g, true);
    }

    /** SLOTS and SHARDS put the leader first (clients send writes to the first node); NODES keeps configuration order. */
    private List<Listed> nodes(ShardGroup g, boolean leaderFirst) {
        List<Listed> out = new ArrayList<>();
        if (g.id().equals(map.localId())) {
            for (Member m : local) {
                if (leaderFirst && m.raftId() == leader) out.add(0, listed(m));
                else out.add(listed(m));
            }
        } else {
            for (int i = 0; i < g.nodes().size(); i++) {
                ShardNode n = g.nodes().get(i);
                out.add(new Listed(n.id(), n.host(), n.port(), i == 0, false));
            }
        }
        return out;
    }

    private Listed listed(Member m) {
        return new Listed(ShardNode.clusterId(map.localId(), m.raftId()), m.host(), m.port(), m.raftId() == leader,
                m.raftId() == self);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
