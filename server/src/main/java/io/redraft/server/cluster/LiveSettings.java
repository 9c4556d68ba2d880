package io.redraft.server.cluster;

import io.redraft.server.config.ServerConfig;

/**
 * The Raft settings RedisRaft applies while running (reference §5), wired to the node's parts:
 * a changed setting is applied on the node thread. Timeouts are counted in ticks, so a new
 * periodic-interval changes them too.
 */
final class LiveSettings {
    private LiveSettings() {
    }

    static void wire(RaftRuntime rt) {
        ServerConfig config = rt.config();
        var node = rt.node();
        for (String p : new String[] {"raft.periodic-interval", "raft.request-timeout", "raft.election-timeout",
                "raft.append-req-max-count", "raft.append-req-max-size",
                "raft.snapshot-req-max-count", "raft.snapshot-req-max-size"}) {
            config.onChange(p, v -> node.execute(() -> {
                if (rt.core() != null) rt.core().reconfigure(rt.raftConfig(rt.core().id()));
            }));
        }
        // Also live in RedisRaft: the compaction threshold (checked every tick) and the entry cache bound.
        for (String p : new String[] {"raft.log-max-file-size", "raft.log-max-cache-size"}) {
            config.onChange(p, v -> node.execute(() -> {
                if (rt.storage() != null) rt.storage().setLimits(config.logMaxFileSize(), config.logMaxCacheSize());
            }));
        }
        for (String p : new String[] {"raft.log-disable-apply", "raft.log-delay-apply"}) {
            config.onChange(p, v -> node.execute(rt.applyThrottle()::reconfigured));
        }
        config.onChange("raft.snapshot-disable-load", v -> node.execute(rt.snapshots()::loadEnabled));
    }
}
