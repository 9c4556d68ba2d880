package io.redraft.testkit.sim;

import java.util.SplittableRandom;

/**
 * The log thread of one node: writes complete in order, each after a random latency (a slow disk
 * has a larger one). A crash discards every write not yet complete, which is exactly what an
 * fsync that never returned loses.
 */
final class SimDisk {
    private final Scheduler scheduler;
    private final SplittableRandom random;
    private long minLatency;
    private long maxLatency;
    private long generation;
    private long busyUntil;
    private long nextEnd;
    private final boolean groupCommit;
    private int pending;

    SimDisk(Scheduler scheduler, SplittableRandom random, long minLatency, long maxLatency, boolean groupCommit) {
        this.scheduler = scheduler;
        this.random = random;
        this.groupCommit = groupCommit;
        latency(minLatency, maxLatency);
    }

    void latency(long min, long max) {
        this.minLatency = min;
        this.maxLatency = max;
    }

    /**
     * Queues a write: {@code apply} changes the durable state, then {@code done} reports it.
     * Group commit, as a real log thread does: a write arriving while an fsync is in flight joins
     * the next one, which starts when the current one ends. Without group commit every write is
     * its own fsync, so a slow disk builds a backlog. Completions stay in submission order.
     */
    void write(Runnable apply, Runnable done) {
        long gen = generation;
        long now = scheduler.now();
        if (now >= busyUntil && nextEnd > busyUntil) busyUntil = nextEnd; // the queued fsync has started
        long at;
        if (!groupCommit) {
            at = Math.max(now, busyUntil) + latency();
            busyUntil = at;
        } else if (now >= busyUntil) {
            at = now + latency();
            busyUntil = at;
            nextEnd = at;
        } else {
            if (nextEnd <= busyUntil) nextEnd = busyUntil + latency();
            at = nextEnd;
        }
        pending++;
        scheduler.at(at, () -> {
            if (gen != generation) return;
            pending--;
            apply.run();
            done.run();
        });
    }

    private long latency() {
        return minLatency + random.nextLong(maxLatency - minLatency + 1);
    }

    int pending() {
        return pending;
    }

    /** Power loss: pending writes never reach the disk. */
    void crash() {
        generation++;
        pending = 0;
        busyUntil = scheduler.now();
        nextEnd = busyUntil;
    }
}
