package io.redraft.storage;

/**
 * fsync timings for {@code INFO raft} ({@code raft_fsync_count}, {@code raft_fsync_max_microseconds},
 * {@code raft_fsync_avg_microseconds}). Written by the log thread only, read by anyone.
 */
public final class FsyncStats {
    private volatile long count;
    private volatile long totalNanos;
    private volatile long maxNanos;
    /** Sees every fsync's duration, on the log thread (the node's latency histogram). */
    private volatile java.util.function.LongConsumer observer = n -> { };
    /** Sees how many entries each fsync made durable (the group commit's size), on the log thread. */
    private volatile java.util.function.LongConsumer groupObserver = n -> { };

    void record(long nanos) {
        totalNanos += nanos;
        if (nanos > maxNanos) maxNanos = nanos;
        count++;
        observer.accept(nanos);
    }

    /** One fsync took {@code nanos} and made {@code entries} log entries durable. */
    void record(long nanos, long entries) {
        record(nanos);
        groupObserver.accept(entries);
    }

    /** {@code o} is called on the log thread with each fsync's duration in nanoseconds; it must not block. */
    public void observe(java.util.function.LongConsumer o) {
        observer = o;
    }

    /** {@code o} is called on the log thread with the entries each fsync made durable; it must not block. */
    public void observeGroups(java.util.function.LongConsumer o) {
        groupObserver = o;
    }

    public long count() {
        return count;
    }

    public long maxMicros() {
        return maxNanos / 1000;
    }

    public long avgMicros() {
        long n = count;
        return n == 0 ? 0 : totalNanos / n / 1000;
    }
}
