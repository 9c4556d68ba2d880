package io.redraft.server.client;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientRequest;

/**
 * {@code maxmemory} with {@code noeviction} (the policy RedisRaft allows): once the node's used
 * memory passes the limit, commands Redis flags {@code denyoom} get Redis's OOM error; reads,
 * deletes and every other command are served. The leader decides before the command is logged,
 * so an entry in the log always applies on every replica: replicas never disagree about whether
 * a write ran. Used memory is the JVM heap in use (INFO memory's used_memory, docs/store.md).
 */
final class MemoryLimit {
    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private MemoryLimit() {}

    /** Writes the OOM error and returns true when {@code r} may not run now. */
    static boolean refuses(RaftRuntime rt, ClientRequest r, ReplySink out) {
        long max = rt.config().maxmemory();
        if (max <= 0 || !r.classification().has("denyoom")) return false;
        if (usedMemory() <= max) return false;
        out.error(OOM);
        return true;
    }

    static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
