package io.redraft.server.client;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.script.Scripting;
import io.redraft.server.command.DataCommands;
import io.redraft.server.node.ClientRequest;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code maxmemory} with {@code noeviction} (the policy RedisRaft allows): once the node's used
 * memory passes the limit, commands Redis flags {@code denyoom} get Redis's OOM error; reads,
 * deletes and every other command are served. The leader decides before the command is logged,
 * so an entry in the log always applies on every replica: replicas never disagree about whether
 * a write ran. Used memory is the JVM heap in use (INFO memory's used_memory, docs/store.md).
 * MULTI and scripts follow Redis 7.0 too: see refusesQueued, refusesExec and overForScripts.
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
        if (rt.config().maxmemory() <= 0) return false;
        if (!r.classification().has("denyoom") && !scriptDenyOom(rt, r.command())) return false;
        if (!over(rt)) return false;
        out.error(OOM);
        return true;
    }

    /**
     * A command queued in MULTI, on the leader: Redis 7.0 refuses every one over the limit (a
     * transaction's queue is memory too), which fails the transaction at EXEC.
     */
    static boolean refusesQueued(RaftRuntime rt, ReplySink out) {
        if (rt.config().maxmemory() <= 0 || rt.leaderError() != null || !over(rt)) return false;
        out.error(OOM);
        return true;
    }

    /**
     * EXEC on the leader, before its entry is logged: as Redis 7.0, a transaction with a denyoom
     * command (a script with flags counts, see Scripting#denyOom) is discarded over the limit,
     * even though it was queued under it.
     */
    static boolean refusesExec(RaftRuntime rt, List<byte[][]> commands, ReplySink out) {
        if (rt.config().maxmemory() <= 0) return false;
        boolean denyOom = false;
        for (byte[][] argv : commands) {
            CommandSpec spec = DataCommands.table().lookup(Arrays.asList(argv));
            denyOom |= spec != null && spec.has(CommandFlag.DENYOOM) || scriptDenyOom(rt, argv);
        }
        if (!denyOom || !over(rt)) return false;
        out.error("EXECABORT Transaction discarded because of: " + OOM);
        return true;
    }

    /**
     * Whether a request with a script finds the node over the limit, as the leader gathers it:
     * the fact travels in the entry (CommandBatch#overLimit), so the script's calls of denyoom
     * commands fail alike on every replica, whatever its own memory.
     */
    static boolean overForScripts(RaftRuntime rt, List<byte[][]> commands) {
        if (rt.config().maxmemory() <= 0) return false;
        for (byte[][] argv : commands) {
            switch (io.redraft.server.node.Replies.lower(argv[0])) {
                case "eval", "evalsha", "fcall" -> {
                    return over(rt);
                }
                default -> { }
            }
        }
        return false;
    }

    private static boolean scriptDenyOom(RaftRuntime rt, byte[][] argv) {
        // Cheap for the common case: only EVAL*/FCALL* name scripts.
        if (argv.length < 2 || argv[0].length < 4 || (argv[0][0] | 0x20) != 'e' && (argv[0][0] | 0x20) != 'f') return false;
        Scripting scripting = rt.store().extension(Scripting.class);
        return scripting != null && scripting.denyOom(Arrays.asList(argv));
    }

    /** Whether used memory passes the limit now; if so, a collection is asked for (see above). */
    private static boolean over(RaftRuntime rt) {
        long max = rt.config().maxmemory();
        if (max <= 0 || usedMemory() <= max) return false;
        long last = lastCollect.get(), now = System.nanoTime();
        if (now - last >= COLLECT_EVERY_NANOS && !collecting.get() && lastCollect.compareAndSet(last, now)) {
            collectInBackground();
        }
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
