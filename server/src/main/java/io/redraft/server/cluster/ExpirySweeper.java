package io.redraft.server.cluster;

import io.redraft.server.client.CommandBatch;
import io.redraft.store.server.ServerCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Active expiry, Raft style: keys whose TTL has passed and that nobody reads are deleted by the
 * leader logging {@code EXPIRE-SWEEP}, which every replica applies with the entry's time (fixed by
 * the leader), so every replica deletes the same keys. The leader checks {@code hz} times a
 * second (Redis's active expire cycle runs at hz as well) whether its keyspace holds an expired
 * key, and logs one sweep of up to {@value #KEYS_PER_SWEEP} keys at a time: the next waits until
 * the previous is applied. Nothing is swept while clients are paused (CLIENT PAUSE) or after
 * {@code DEBUG SET-ACTIVE-EXPIRE 0}. Node thread only.
 */
public final class ExpirySweeper {
    static final int KEYS_PER_SWEEP = 500;
    private static final byte[] NAME = ServerCommands.EXPIRE_SWEEP.getBytes(StandardCharsets.US_ASCII);

    private final RaftRuntime rt;
    private boolean enabled = true;
    private long lastCheckNanos;
    private long inFlightIndex = -1;
    private long inFlightTerm;

    ExpirySweeper(RaftRuntime rt) {
        this.rt = rt;
    }

    /** DEBUG SET-ACTIVE-EXPIRE. */
    public void enabled(boolean on) {
        enabled = on;
    }

    void tick() {
        var raft = rt.core();
        if (!enabled || raft == null || !raft.isLeader() || rt.node().clientsPaused()) return;
        long now = System.nanoTime();
        if (now - lastCheckNanos < 1_000_000_000L / rt.config().hz()) return;
        lastCheckNanos = now;
        if (inFlightIndex >= 0 && inFlightTerm == raft.term() && rt.appliedIndex() < inFlightIndex) return;
        inFlightIndex = -1;
        long millis = rt.clock().millis();
        if (!rt.store().keyspace().anyExpired(millis)) return;
        byte[][] sweep = {NAME, "0".getBytes(StandardCharsets.US_ASCII),
                Integer.toString(KEYS_PER_SWEEP).getBytes(StandardCharsets.US_ASCII)};
        CommandBatch batch = new CommandBatch(millis, rt.random().nextLong(),
                List.of(new CommandBatch.Request(0, false, List.<byte[][]>of(sweep), null)));
        try {
            inFlightIndex = rt.propose(batch, null);
            inFlightTerm = raft.term();
        } catch (io.redraft.raft.RaftException e) {
            inFlightIndex = -1; // not the leader after all: the next leader sweeps
        }
    }
}
