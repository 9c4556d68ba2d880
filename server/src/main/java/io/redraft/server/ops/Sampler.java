package io.redraft.server.ops;

import io.redraft.raft.PeerStatus;
import io.redraft.raft.RaftNode;
import io.redraft.raft.RaftStatus;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.NodeContext;
import io.redraft.server.node.NodeThread;
import io.redraft.server.node.RaftInfoFields;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.SlotRange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Takes a {@link NodeSample} on the node thread, the only thread that may read the core, the
 * keyspace and the sessions. The listener's thread asks with {@link #request} and gets the sample
 * through the future: it never reads node state itself.
 */
final class Sampler {
    private final NodeThread node;
    private final RaftRuntime raft;
    private final Metrics metrics;
    private final KeyTypeCounter keyTypes = new KeyTypeCounter();

    Sampler(NodeThread node, RaftRuntime raft, Metrics metrics) {
        this.node = node;
        this.raft = raft;
        this.metrics = metrics;
    }

    /** Any thread: a sample taken at the node thread's next turn. */
    CompletableFuture<NodeSample> request() {
        CompletableFuture<NodeSample> f = new CompletableFuture<>();
        node.execute(() -> {
            try {
                f.complete(take());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Node thread. */
    NodeSample take() {
        NodeContext ctx = node.context();
        node.purgeTimings();
        RaftInfoFields f = raft.infoFields();
        RaftNode core = raft.core();
        List<NodeSample.Peer> peers = new ArrayList<>();
        String leaderAddress = "";
        if (core != null) {
            RaftStatus st = core.status();
            for (PeerStatus p : st.peers()) {
                if (p.id() == st.id()) continue;
                var m = st.config().member(p.id());
                peers.add(new NodeSample.Peer(p.id(), m == null ? "" : m.address(), p.voting(), p.matchIndex(),
                        Math.max(0, st.lastIndex() - p.matchIndex()), p.inflight(), p.state(), p.active()));
            }
            var leader = st.leaderId() == 0 ? null : st.config().member(st.leaderId());
            if (leader != null) leaderAddress = leader.address();
        }
        Runtime rt = Runtime.getRuntime();
        var store = raft.store();
        long now = ctx.clock.millis();
        return new NodeSample(System.currentTimeMillis(), f, List.copyOf(peers), "loading".equals(f.state), raft.stateError(),
                metrics.raft().elections, metrics.raft().leaderChanges, node.sessionCount(), node.blockedCount(),
                ctx.stats.connectionsReceived, ctx.stats.rejectedConnections, ctx.stats.commandsProcessed,
                ctx.stats.errorReplies, ctx.stats.errorCodes(), store.size(), store.keyspace().volatileKeys(),
                keyTypes.step(store, now), rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), leaderAddress,
                core == null ? "" : raft.myAddress(), shards());
    }

    private NodeSample.ShardSample shards() {
        var shards = raft.shards();
        ShardMap map = shards.map();
        if (map == null) return NodeSample.ShardSample.NONE;
        int[] byType = new int[SlotRange.Type.values().length];
        for (SlotRange r : map.local().ranges()) byType[r.type().ordinal()] += r.end() - r.start() + 1;
        return new NodeSample.ShardSample(shards.active(), map.groups().size(), byType[SlotRange.Type.STABLE.ordinal()],
                byType[SlotRange.Type.MIGRATING.ordinal()], byType[SlotRange.Type.IMPORTING.ordinal()],
                shards.lockedKeyCount(), shards.keysMovedOut(), shards.keysImported());
    }
}
