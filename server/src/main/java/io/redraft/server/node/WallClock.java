package io.redraft.server.node;

/**
 * The node's wall clock: every reading of "now" in milliseconds since the epoch goes through it
 * (the time a leader fixes for a logged command and its expiries, reads' view of expiry, TIME,
 * INFO). Raft's own timing (ticks, election and heartbeat timers, link timeouts) runs on the
 * monotonic clock and never reads this one.
 *
 * <p>The offset exists for fault injection only: {@code RAFT.DEBUG CLOCK} changes it when the node
 * was started with {@code raft.test-hooks yes}, to show that a node's wrong clock cannot make
 * replicas disagree. It is zero otherwise.
 */
public final class WallClock {
    private volatile long offsetMillis;

    /** Milliseconds since the epoch, as this node believes. */
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    public long offsetMillis() {
        return offsetMillis;
    }

    /** Test hook: from now on the clock reads {@code offset} ms ahead of the machine's (behind if negative). */
    public void setOffsetMillis(long offset) {
        this.offsetMillis = offset;
    }
}
