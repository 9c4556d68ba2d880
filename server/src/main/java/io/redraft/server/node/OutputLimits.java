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

    OutputLimits(NodeContext ctx, PubSub pubsub) {
        this.ctx = ctx;
        this.pubsub = pubsub;
    }

    /** Reads the limits as configured now (CONFIG SET changes them); false when there are none. */
    boolean refresh() {
        normal = OutputBufferLimit.of(ctx.config.outputBufferLimit("normal"));
        subscriber = OutputBufferLimit.of(ctx.config.outputBufferLimit("pubsub"));
        return !(normal.none() && subscriber.none());
    }

    /**
     * Checked where replies are added, as Redis does: a client that reads nothing and sends
     * nothing more is not growing.
     */
    void check(ClientSession s, long now) {
        OutputBufferLimit limit = limitOf(s);
        if (!limit.none() && !s.isGone() && limit.exceeded(s, now)) close(s);
    }

    /**
     * A client over its soft limit that gets no more replies (it sent its last request and reads
     * nothing) is closed once the soft limit's seconds have passed, as Redis's client cron does.
     */
    void checkSoft(Iterable<ClientSession> sessions) {
        refresh();
        if (normal.soft() == 0 && subscriber.soft() == 0) return;
        long now = System.nanoTime();
        for (ClientSession s : sessions) {
            OutputBufferLimit limit = limitOf(s);
            if (!s.isGone() && limit.soft() != 0 && limit.exceeded(s, now)) close(s);
        }
    }

    private OutputBufferLimit limitOf(ClientSession s) {
        return pubsub.subscribed(s) ? subscriber : normal;
    }

    private void close(ClientSession s) {
        log.warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.", ClientCommand.describe(s));
        ctx.stats.outputBufferLimitDisconnections++;
        s.close();
        s.channel.close();
    }
}
