package io.redraft.server.client;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code maxmemory} with {@code noeviction} (the policy RedisRaft allows): once the node's used
 * memory passes the limit, commands Redis flags {@code denyoom} get Redis's OOM error; reads,
 * deletes and every other command are served. The leader decides before the command is logged,
 * so an entry in the log always applies on every replica: replicas never disagree about whether
 * a write ran. Used memory is the JVM heap in use (INFO memory's used_memory, docs/store.md).
 */
final class MemoryLimit {
    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    /**
     * Over the limit, the heap in use may be mostly garbage (values deleted since the last
     * collection): an idle node could refuse writes for minutes after DEL made room. So when it
     * refuses, the JVM is asked to collect, at most this often (per process), on a thread of its
     * own: System.gc() returns only when the collection has finished, and the node thread must
     * not wait for that (a collection of a large heap takes longer than a heartbeat interval).
     * The command is refused now; the next one sees the collected heap.
     */
    private static final long COLLECT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicLong lastCollect = new AtomicLong(System.nanoTime() - COLLECT_EVERY_NANOS);

    private MemoryLimit() {}

    /** Writes the OOM error and returns true when {@code r} may not run now. */
    static boolean refuses(RaftRuntime rt, ClientRequest r, ReplySink out) {
        long max = rt.config().maxmemory();
        if (max <= 0 || !r.classification().has("denyoom")) return false;
        if (usedMemory() <= max) return false;
        long last = lastCollect.get(), now = System.nanoTime();
        if (now - last >= COLLECT_EVERY_NANOS && !collecting.get() && lastCollect.compareAndSet(last, now)) {
            collectInBackground();
        }
        out.error(OOM);
        return true;
    }

    private static final AtomicBoolean collecting = new AtomicBoolean();

    private static void collectInBackground() {
        if (!collecting.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            try {
                System.gc();
            } finally {
                lastCollect.set(System.nanoTime());
                collecting.set(false);
            }
        }, "maxmemory-collect");
        t.setDaemon(true);
        t.start();
    }

    static long usedMemory() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
