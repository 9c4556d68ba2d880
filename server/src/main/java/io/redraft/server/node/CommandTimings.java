package io.redraft.server.node;

import io.redraft.server.command.ServerCommandTable;
import io.redraft.server.ops.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Times each command from the moment it executes to the moment its reply is written, for the
 * per-command counters and latency histograms of {@link Metrics}. Replies of a connection leave in
 * request order (writes after their commit, reads after their ReadIndex round), so the commands of
 * a connection still waiting for theirs form a queue: execution appends, each answer takes the
 * head. An error reply marks the head as failed. Node thread only.
 */
final class CommandTimings {
    private static final class Started {
        final String name;
        final long nanos;
        boolean failed;

        Started(String name, long nanos) {
            this.name = name;
            this.nanos = nanos;
        }
    }

    private final Metrics metrics;
    private final Map<ClientSession, ArrayDeque<Started>> waiting = new IdentityHashMap<>();
    /** Command label by the name as sent: one table lookup per distinct spelling, not per request. */
    private final Map<String, String> labels = new HashMap<>();

    CommandTimings(Metrics metrics) {
        this.metrics = metrics;
    }

    void started(ClientSession s, byte[][] argv) {
        if (!metrics.enabled() || argv.length == 0) return;
        waiting.computeIfAbsent(s, k -> new ArrayDeque<>(4)).add(new Started(label(argv[0]), System.nanoTime()));
    }

    void failed(ClientSession s) {
        if (!metrics.enabled()) return;
        ArrayDeque<Started> q = waiting.get(s);
        if (q != null && !q.isEmpty()) q.peek().failed = true;
    }

    void answered(ClientSession s) {
        if (!metrics.enabled()) return;
        ArrayDeque<Started> q = waiting.get(s);
        if (q == null) return;
        Started c = q.poll();
        if (q.isEmpty()) waiting.remove(s);
        if (c != null) metrics.command(c.name, System.nanoTime() - c.nanos, c.failed);
    }

    /** Forgets connections that closed with commands still unanswered (called at each scrape). */
    void purgeClosed() {
        for (Iterator<ClientSession> it = waiting.keySet().iterator(); it.hasNext(); ) {
            if (it.next().isClosed()) it.remove();
        }
    }

    private String label(byte[] name) {
        String sent = new String(name, StandardCharsets.ISO_8859_1);
        String l = labels.get(sent);
        if (l != null) return l;
        String lower = sent.toLowerCase(Locale.ROOT);
        l = ServerCommandTable.get().lookup(lower) != null ? lower : "unknown";
        if (labels.size() < 4096) labels.put(sent, l);
        return l;
    }
}
