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
    private int pending;

    SimDisk(Scheduler scheduler, SplittableRandom random, long minLatency, long maxLatency) {
        this.scheduler = scheduler;
        this.random = random;
        latency(minLatency, maxLatency);
    }

    void latency(long min, long max) {
        this.minLatency = min;
        this.maxLatency = max;
    }

    /** Queues a write: {@code apply} changes the durable state, then {@code done} reports it. */
    void write(Runnable apply, Runnable done) {
        long gen = generation;
        long at = Math.max(busyUntil, scheduler.now()) + minLatency + random.nextLong(maxLatency - minLatency + 1);
        busyUntil = at;
        pending++;
        scheduler.at(at, () -> {
            if (gen != generation) return;
            pending--;
            apply.run();
            done.run();
        });
    }

    int pending() {
        return pending;
    }

    /** Power loss: pending writes never reach the disk. */
    void crash() {
        generation++;
        pending = 0;
        busyUntil = scheduler.now();
    }
}
