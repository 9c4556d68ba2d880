package io.redraft.server.node;

import io.redraft.server.pubsub.PubSub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis's {@code client-output-buffer-limit} for normal and Pub/Sub clients: a client over its
 * hard limit, or over its soft limit for longer than the soft seconds, is closed at once with its
 * unsent replies dropped (waiting for them to drain is what the limit refuses). Node thread only.
 */
final class OutputLimits {
    private static final Logger log = LoggerFactory.getLogger(NodeThread.class);
    private final NodeContext ctx;
    private final PubSub pubsub;
    private OutputBufferLimit normal = OutputBufferLimit.of(java.util.List.of(0L, 0L, 0L));
    private OutputBufferLimit subscriber = normal;
    /**
     * Sessions whose soft-limit clock runs, the only ones the tick has to look at: walking every
     * session on every tick cost the node thread time per idle connection (by default the
     * {@code pubsub} class has a soft limit, so the walk always ran; #24).
     */
    private final java.util.Set<ClientSession> overSoft = new java.util.LinkedHashSet<>();
    /** The limits the last tick saw: a change (CONFIG SET) makes the next tick look at every session once. */
    private OutputBufferLimit tickNormal = normal, tickSubscriber = normal;
    /** The smallest limit in force (hard or soft, either class): output under it is over none. */
    private long smallest = Long.MAX_VALUE;

    OutputLimits(NodeContext ctx, PubSub pubsub) {
        this.ctx = ctx;
        this.pubsub = pubsub;
    }

    /** Reads the limits as configured now (CONFIG SET changes them); false when there are none. */
    boolean refresh() {
        normal = OutputBufferLimit.of(ctx.config.outputBufferLimit("normal"));
        subscriber = OutputBufferLimit.of(ctx.config.outputBufferLimit("pubsub"));
        smallest = Math.min(normal.smallest(), subscriber.smallest());
        return !(normal.none() && subscriber.none());
    }

    /**
     * Checked where replies are added, as Redis does: a client that reads nothing and sends
     * nothing more is not growing.
     */
    void check(ClientSession s, long now) {
        // Most flushed connections hold nothing unsent: no lookup of their class (a map keyed by
        // session, once per connection per turn) unless their output could be over a limit.
        if (s.softLimitSinceNanos == 0 && OutputBufferLimit.pendingBytes(s) < smallest) return;
        OutputBufferLimit limit = limitOf(s);
        if (!limit.none() && !s.isGone() && over(limit, s, now)) close(s);
    }

    /** {@link OutputBufferLimit#exceeded}, keeping {@link #overSoft} in step with the session's soft-limit clock. */
    private boolean over(OutputBufferLimit limit, ClientSession s, long now) {
        boolean exceeded = limit.exceeded(s, now);
        if (s.softLimitSinceNanos != 0 && !exceeded) overSoft.add(s);
        else overSoft.remove(s);
        return exceeded;
    }

    /**
     * A client over its soft limit that gets no more replies (it sent its last request and reads
     * nothing) is closed once the soft limit's seconds have passed, as Redis's client cron does.
     */
    void checkSoft(Iterable<ClientSession> sessions) {
        refresh();
        boolean changed = !normal.equals(tickNormal) || !subscriber.equals(tickSubscriber);
        tickNormal = normal;
        tickSubscriber = subscriber;
        if (normal.soft() == 0 && subscriber.soft() == 0) {
            overSoft.clear();
            return;
        }
        long now = System.nanoTime();
        // A session's unsent output grows only where replies are flushed, and check() runs there:
        // the ones whose clock does not run need no look, unless the limits just changed.
        for (ClientSession s : changed ? sessions : java.util.List.copyOf(overSoft)) {
            OutputBufferLimit limit = limitOf(s);
            if (s.isGone()) overSoft.remove(s);
            else if (limit.soft() != 0 && over(limit, s, now)) close(s);
            else if (limit.soft() == 0) overSoft.remove(s);
        }
    }

    private OutputBufferLimit limitOf(ClientSession s) {
        return pubsub.subscribed(s) ? subscriber : normal;
    }

    private void close(ClientSession s) {
        overSoft.remove(s);
        log.warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.", ClientCommand.describe(s));
        ctx.stats.outputBufferLimitDisconnections++;
        s.close();
        s.channel.close();
    }
}
