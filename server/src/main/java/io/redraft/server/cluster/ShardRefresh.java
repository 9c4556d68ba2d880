package io.redraft.server.cluster;

import io.redraft.raft.EntryType;
import io.redraft.raft.RaftException;
import io.redraft.server.log.LogSetup;
import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardGroupFetch;
import io.redraft.server.shard.ShardMap;
import java.util.List;
import org.slf4j.Logger;

/**
 * Keeps linked groups' node lists fresh (reference §9.2): the leader asks one node of each foreign
 * group for its group every {@code raft.shardgroup-update-interval} and logs an UPDATE_SHARDGROUP
 * when the node list changed, so that MOVED and CLUSTER SLOTS follow a group's membership and its
 * leader changes. Slot ranges never change this way. Nothing is polled with external sharding:
 * the orchestrator pushes whole maps with REPLACE. Node thread only.
 */
final class ShardRefresh {
    private static final Logger log = LogSetup.raft("shardgroup");

    private final RaftRuntime rt;
    private long nextNanos;
    private int inFlight;
    /** Which node of a group to ask next, so that one unreachable node does not stop the refresh. */
    private int turn;

    ShardRefresh(RaftRuntime rt) {
        this.rt = rt;
    }

    void tick(long now) {
        var cfg = rt.config();
        if (!cfg.sharding() || cfg.externalSharding() || !rt.core().isLeader() || rt.stateError() != null) return;
        if (inFlight > 0 || now - nextNanos < 0) return;
        long intervalMs = cfg.shardgroupUpdateIntervalMs();
        nextNanos = now + intervalMs * 1_000_000L;
        ShardMap map = rt.shards().map();
        turn++;
        for (ShardGroup g : map.groups()) {
            if (g.id().equals(map.localId()) || g.nodes().isEmpty()) continue;
            inFlight++;
            var ask = g.nodes().get(Math.floorMod(turn, g.nodes().size()));
            ShardGroupFetch.start(rt.peers(), ask, Math.min(intervalMs, cfg.joinTimeoutMs()), (fetched, why) -> {
                inFlight--;
                refreshed(g, fetched);
            });
        }
    }

    private void refreshed(ShardGroup asked, ShardGroup fetched) {
        if (fetched == null || !fetched.id().equals(asked.id()) || rt.core() == null || !rt.core().isLeader()) return;
        ShardGroup now = rt.shards().map().group(asked.id());
        if (now == null || now.nodes().equals(fetched.nodes())) return;
        try {
            rt.proposeShardChange(EntryType.UPDATE_SHARDGROUP, ShardMap.encodeGroups(List.of(fetched)), null);
            log.info("Shard group {} now has nodes {}", fetched.id(), fetched.nodes());
        } catch (RaftException e) {
            log.debug("Shard group refresh not logged: {}", e.getMessage());
        }
    }
}
