package io.redraft.server.node;

import java.util.ArrayList;
import java.util.List;

/**
 * A connection's MULTI state (node thread only): none; queueing commands for EXEC; or aborted,
 * still queueing, because a queued command failed its dry run, so EXEC will discard it all
 * (Redis's multi.c: CLIENT_DIRTY_EXEC).
 */
final class Transaction {
    enum Phase { NONE, QUEUEING, ABORTED }

    private Phase phase = Phase.NONE;
    private List<byte[][]> queued;

    Phase phase() {
        return phase;
    }

    /** The queue while in MULTI, else null. */
    List<byte[][]> queued() {
        return queued;
    }

    void begin() {
        if (phase != Phase.NONE) throw new IllegalStateException("MULTI inside " + phase);
        phase = Phase.QUEUEING;
        queued = new ArrayList<>();
    }

    void queue(byte[][] argv) {
        if (phase == Phase.NONE) throw new IllegalStateException("queue outside MULTI");
        queued.add(argv);
    }

    /** A queued command failed its dry run: EXEC must abort. */
    void fail() {
        if (phase == Phase.NONE) throw new IllegalStateException("fail outside MULTI");
        phase = Phase.ABORTED;
    }

    /** EXEC or DISCARD: ends the transaction and returns what was queued. */
    List<byte[][]> end() {
        if (phase == Phase.NONE) throw new IllegalStateException("end outside MULTI");
        List<byte[][]> q = queued;
        phase = Phase.NONE;
        queued = null;
        return q;
    }
}
