package io.redraft.server.shard;

import io.redraft.store.HashSlot;

/**
 * CLUSTER INFO in Redis 7.0's field order, with Raft meanings where Redis Cluster's do not apply:
 * a slot is "ok" when some group serves it (STABLE or MIGRATING), the state is ok when every slot
 * is and the local group has a leader, and both epochs are the local Raft term. Gossip counters do
 * not exist here and are 0.
 */
public final class ClusterInfoText {
    private ClusterInfoText() {
    }

    public static String of(ShardMap map, int localMembers, boolean hasLeader, long term) {
        int assigned = 0;
        for (int s = 0; s < HashSlot.SLOTS; s++) {
            if (map.stableOwner(s) != null || map.migratingGroup(s) != null) assigned++;
        }
        int known = 0;
        int size = 0;
        for (ShardGroup g : map.groups()) {
            known += g.id().equals(map.localId()) ? localMembers : g.nodes().size();
            if (!g.servedRanges().isEmpty()) size++;
        }
        boolean ok = hasLeader && assigned == HashSlot.SLOTS;
        return "cluster_state:" + (ok ? "ok" : "fail") + "\r\n"
                + "cluster_slots_assigned:" + assigned + "\r\n"
                + "cluster_slots_ok:" + assigned + "\r\n"
                + "cluster_slots_pfail:0\r\n"
                + "cluster_slots_fail:0\r\n"
                + "cluster_known_nodes:" + known + "\r\n"
                + "cluster_size:" + size + "\r\n"
                + "cluster_current_epoch:" + term + "\r\n"
                + "cluster_my_epoch:" + term + "\r\n"
                + "cluster_stats_messages_sent:0\r\n"
                + "cluster_stats_messages_received:0\r\n"
                + "total_cluster_links_buffer_limit_exceeded:0\r\n";
    }
}
