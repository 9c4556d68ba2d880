package io.redraft.server.cluster;

import io.redraft.server.client.CommandBatch;
import io.redraft.server.importer.RedisRaftConversion;
import java.io.IOException;
import java.util.List;

/**
 * The startup step that converts a RedisRaft node's files (io.redraft.server.importer) before
 * storage opens them. A converted NORMAL entry becomes a command batch of one request, with no
 * client waiting for it. RedisRaft fixed neither clock nor randomness in its entries: each
 * replica applied them with its own clock at apply time, which on a restart is the time of the
 * restart, so the conversion time is used; the seed is derived from index and term, so that all
 * converted replicas agree on it.
 */
final class RedisRaftImportHook {
    private RedisRaftImportHook() {}

    static void run(RaftRuntime rt) throws IOException {
        long now = rt.clock().millis();
        RedisRaftConversion.convertIfPresent(rt.storageConfig(), (index, term, commands, transaction) -> {
            long seed = index * 0x9E3779B97F4A7C15L ^ term;
            CommandBatch.Request r = new CommandBatch.Request(0, transaction, List.copyOf(commands));
            return new CommandBatch(now, seed, List.of(r)).encode();
        }, now);
    }
}
