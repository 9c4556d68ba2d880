package io.redraft.server.client;

import io.redraft.server.cluster.RaftRuntime;
import io.redraft.store.server.ServerCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Redis's active expiry, through the log: when keys have expired by the leader's clock, the
 * leader logs {@code EXPIRE-SWEEP}, and every node deletes the same keys at the same point of
 * the log, with the same "expired" keyspace events and invalidations. One sweep is in flight at
 * a time, so a slow commit never piles them up; each deletes at most {@value #MAX_KEYS} keys.
 */
public final class ActiveExpiry {
    static final int MAX_KEYS = 1000;
    private static final byte[][] SWEEP = {
        ServerCommands.EXPIRE_SWEEP.getBytes(StandardCharsets.US_ASCII), {'0'},
        Integer.toString(MAX_KEYS).getBytes(StandardCharsets.US_ASCII)};

    private final RaftRuntime rt;
    /** The index of the sweep proposed last; none is proposed again before it is applied. */
    private long inFlight;

    public ActiveExpiry(RaftRuntime rt) {
        this.rt = rt;
    }

    /** Leader, every tick. */
    public void tick() {
        if (rt.appliedIndex() < inFlight) return;
        long now = rt.clock().millis();
        if (!rt.store().keyspace().anyExpired(now)) return;
        CommandBatch batch = new CommandBatch(now, rt.random().nextLong(),
                List.of(new CommandBatch.Request(0, false, List.<byte[][]>of(SWEEP))));
        try {
            inFlight = rt.propose(batch.encode(), null);
        } catch (RuntimeException notLeader) {
            inFlight = 0; // it stepped down since the check: the next leader sweeps
        }
    }
}
