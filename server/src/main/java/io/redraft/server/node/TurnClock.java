package io.redraft.server.node;

/**
 * When the node thread's current turn began (System.nanoTime), 0 between turns: the heartbeat
 * keeper reads it from its own thread to tell a node busy in a long turn (a script, a big reply)
 * from one that is idle, and keeps the followers' election timers fed meanwhile.
 */
final class TurnClock {
    private volatile long startedNanos;

    /** Marks the start of a turn; false when one is already running (a tick inside a turn). */
    boolean mark() {
        if (startedNanos != 0) return false;
        long now = System.nanoTime();
        startedNanos = now == 0 ? 1 : now;
        return true;
    }

    void end() {
        startedNanos = 0;
    }

    /** How long the current turn has run, 0 between turns; any thread. */
    long busyNanos() {
        long t = startedNanos;
        return t == 0 ? 0 : System.nanoTime() - t;
    }
}
