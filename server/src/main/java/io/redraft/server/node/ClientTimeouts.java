package io.redraft.server.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code timeout}: a client idle (no command) for more than that many seconds is closed, as
 * Redis's client cron does; a client waiting for a reply (blocked, writes or reads in flight),
 * a MONITOR client and a node's internode link are not idle clients and stay. Checked on every
 * node tick.
 */
final class ClientTimeouts {
    private static final Logger log = LoggerFactory.getLogger(ClientTimeouts.class);

    private ClientTimeouts() {}

    static void closeIdle(NodeThread node, Iterable<ClientSession> sessions, long timeoutSeconds) {
        if (timeoutSeconds <= 0) return;
        long now = System.nanoTime();
        long limit = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        List<ClientSession> idle = new ArrayList<>();
        for (ClientSession s : sessions) {
            if (s.isGone() || s.monitor || !s.flow.idle() || !s.waiting.isEmpty() || isNodeLink(s)) continue;
            if (now - s.lastInteractionNanos > limit) idle.add(s);
        }
        for (ClientSession s : idle) {
            log.debug("Closing idle client");
            s.close();
            s.channel.close();
        }
    }

    /** Another node's link (its last request a RAFT.* RPC): exempt, as Redis exempts its replicas and master. */
    private static boolean isNodeLink(ClientSession s) {
        return s.lastCommand.startsWith("raft.");
    }
}
