package io.redraft.server.snapshot;

/**
 * Local snapshots that failed (disk full, an I/O error, {@code raft.snapshot-fail}) and when to
 * try again. RedisRaft retries a failed compaction on a later tick; we do too, but with an
 * exponential back-off (1 s doubling to 64 s), since each attempt rewrites the whole dataset and a
 * full disk does not clear in 100 ms. A snapshot the node wanted by itself (log past
 * {@code raft.log-max-file-size}, {@code RAFT.DEBUG COMPACT 1}, an import) is asked for again once
 * the back-off has passed, without a new trigger, so the log cannot grow for good after a
 * transient failure. A waiting {@code RAFT.DEBUG COMPACT} caller is told of its failure instead.
 * Node thread only.
 */
public final class CompactionRetry {
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final int MAX_DOUBLINGS = 6;

    /** {@code raft_snapshots_failed}: local snapshots that failed, since start. */
    private long failed;
    /** {@code raft_snapshot_consecutive_failures}: failures since the last local snapshot taken. */
    private int consecutive;

    public long failed() { return failed; }
    public int consecutive() { return consecutive; }
    /** A wanted snapshot failed and nobody was told: ask again once {@link #retryAtNanos} passed. */
    private boolean pending;
    private long retryAtNanos;

    void failed(boolean retry, long nowNanos) {
        failed++;
        consecutive++;
        pending |= retry;
        retryAtNanos = nowNanos + backoffMillis() * 1_000_000L;
    }

    void succeeded() {
        consecutive = 0;
        pending = false;
    }

    /** There is nothing left to compact (a received snapshot covered it, the node left). */
    void cancel() {
        pending = false;
    }

    long backoffMillis() {
        return consecutive == 0 ? 0 : FIRST_BACKOFF_MILLIS << Math.min(consecutive - 1, MAX_DOUBLINGS);
    }

    /** Whether an automatic snapshot may start now: no failure, or its back-off has passed. */
    boolean mayAttempt(long nowNanos) {
        return consecutive == 0 || nowNanos - retryAtNanos >= 0;
    }

    /** Whether a failed snapshot is to be asked for again now. */
    boolean retryDue(long nowNanos) {
        return pending && mayAttempt(nowNanos);
    }

    boolean pending() {
        return pending;
    }

    /** {@code raft_snapshot_retry_in_ms}: until the next attempt of a failed snapshot, -1 if none is pending. */
    public long retryInMillis(long nowNanos) {
        return pending ? Math.max(0, (retryAtNanos - nowNanos) / 1_000_000L) : -1;
    }
}
