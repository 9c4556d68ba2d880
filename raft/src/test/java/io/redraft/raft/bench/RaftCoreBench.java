package io.redraft.raft.bench;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.MemoryLogStorage;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.RaftNode;
import io.redraft.raft.Ready;
import io.redraft.raft.Role;
import io.redraft.raft.SnapshotMeta;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of the Raft core alone: a 3-node cluster in memory, persistence instant, messages
 * passed by a loop. Prints committed 100-byte proposals per second, one at a time (each waits for
 * its commit) and in batches. Run through {@code bench/raft-core.sh}; it asserts nothing.
 */
public final class RaftCoreBench {
    private static final int PAYLOAD = 100;

    private final RaftNode[] nodes = new RaftNode[3];
    private final MemoryLogStorage[] storages = new MemoryLogStorage[3];
    private final ArrayDeque<RaftMessage> wire = new ArrayDeque<>();
    private final byte[] payload = new byte[PAYLOAD];

    RaftCoreBench() {
        List<ClusterConfig.Member> members = new ArrayList<>();
        for (int i = 1; i <= 3; i++) members.add(new ClusterConfig.Member(i, "n" + i, true));
        ClusterConfig config = new ClusterConfig(members);
        for (int i = 0; i < 3; i++) {
            storages[i] = new MemoryLogStorage();
            storages[i].installSnapshot(new SnapshotMeta(0, 0, config));
            // compaction keeps memory flat over millions of entries; RedisRaft-like window of 2 AEs
            RaftConfig cfg = RaftConfig.defaults(i + 1).withCompactionThreshold(32L << 20);
            nodes[i] = new RaftNode(cfg, storages[i], new SplittableRandom(i));
        }
        while (nodes[0].role() != Role.LEADER) {
            nodes[0].tick();
            pump();
        }
    }

    /** Carries out every Ready and delivers every message until the cluster is quiet. */
    private void pump() {
        boolean busy = true;
        while (busy) {
            busy = false;
            for (int i = 0; i < 3; i++) {
                RaftNode n = nodes[i];
                while (n.hasReady()) {
                    busy = true;
                    Ready rd = n.ready();
                    storages[i].apply(rd);
                    wire.addAll(rd.messages());
                    wire.addAll(rd.messagesAfterPersist());
                    if (rd.lastEntry() != null) n.persisted(rd.lastEntry().index(), rd.lastEntry().term());
                    if (rd.snapshotRequest() != null) n.snapshotTaken(rd.snapshotRequest());
                    n.advance(rd);
                }
            }
            while (!wire.isEmpty()) {
                busy = true;
                RaftMessage m = wire.poll();
                nodes[m.to() - 1].step(m);
            }
        }
    }

    /** One proposal at a time, each committed before the next. */
    private long oneAtATime(long nanos) {
        RaftNode leader = nodes[0];
        long count = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
                long idx = leader.propose(payload);
                pump();
                if (leader.commitIndex() < idx) throw new IllegalStateException("not committed");
                count++;
            }
        }
        return count;
    }

    /** {@code calls} propose calls of {@code perCall} entries each, per Ready cycle. */
    private long batched(long nanos, int calls, int perCall) {
        RaftNode leader = nodes[0];
        List<byte[]> batch = new ArrayList<>(perCall);
        for (int i = 0; i < perCall; i++) batch.add(payload);
        long count = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            for (int r = 0; r < 64; r++) {
                long idx = 0;
                for (int c = 0; c < calls; c++) idx = perCall == 1 ? leader.propose(payload) : leader.propose(batch);
                pump();
                if (leader.commitIndex() < idx + perCall - 1) throw new IllegalStateException("not committed");
                count += (long) calls * perCall;
            }
        }
        return count;
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Wall-clock rate, and the rate per CPU-second of this thread (meaningful on a shared machine). */
    private static void report(String what, java.util.function.LongSupplier run) {
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long count = run.getAsLong();
        long wall = System.nanoTime() - wall0;
        long cpu = CPU.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("%-44s %,13.0f /s wall %,13.0f /s per CPU-second%n", what, count / (wall / 1e9),
                count / (cpu / 1e9));
    }

    /** JIT warm-up on a throw-away cluster, so that the first figure is not penalised. */
    private static void warmUp() {
        RaftCoreBench warm = new RaftCoreBench();
        warm.oneAtATime(1_000_000_000L);
        warm.batched(1_000_000_000L, 1, 64);
        warm.batched(1_000_000_000L, 64, 1);
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
        long nanos = seconds * 1_000_000_000L;
        warmUp();

        System.out.printf("Raft core, 3 nodes in memory, %d-byte proposals, %d s per figure%n", PAYLOAD, seconds);
        RaftCoreBench b = new RaftCoreBench();
        report("one at a time (propose, wait for commit)", () -> b.oneAtATime(nanos));
        report("64 propose() calls of 1 entry per Ready", () -> b.batched(nanos, 64, 1));
        report("1 propose() call of 64 entries per Ready", () -> b.batched(nanos, 1, 64));
        report("16 propose() calls of 64 entries per Ready", () -> b.batched(nanos, 16, 64));
        System.out.printf("leader commit index %,d, refused truncations %d%n", b.nodes[0].commitIndex(),
                b.nodes[0].refusedTruncations());
    }
}
