package io.redraft.server.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Bounds what one connection's replies can hold unsent. A client that pipelines GETs of a large
 * value and reads slowly would otherwise have every reply rendered in one node turn (32 GETs of
 * 16 MB: 512 MB in one buffer, more than the node's direct memory). While a connection's unsent
 * output (this turn's buffer plus what Netty still holds) is at or over {@link #BOUND}, its next
 * requests wait in order and its confirmed reads wait to be rendered; they go on once the channel
 * has drained (Netty reports it writable again, or a flush finds it under the bound). So a
 * connection holds at most the bound plus one reply.
 *
 * <p>A connection whose reading is paused (it has {@link ClientSession#HIGH_WATER} requests
 * unanswered) is never held: a client that writes its whole pipeline before it reads would
 * otherwise wait for the node to read on, and the node for it to read its replies. Such a client
 * gets its replies buffered as before, bounded only by {@code client-output-buffer-limit}.
 * Node thread, except {@link #writable} and {@link #readingPaused}.
 */
public final class OutputGate {
    /** Unsent reply bytes per connection at which its further requests wait; above Netty's 1 MB high-water mark. */
    static final long BOUND = 4L << 20;

    private final NodeThread node;
    /** Sessions with requests or reads held, to look at again after each flush. */
    private final Set<ClientSession> held = new LinkedHashSet<>();

    OutputGate(NodeThread node) {
        this.node = node;
    }

    private static boolean over(ClientSession s) {
        return !s.readingPaused && OutputBufferLimit.pendingBytes(s) >= BOUND;
    }

    /** Whether the session's next request must wait for its output to drain; if so it is looked at again later. */
    boolean holds(ClientSession s) {
        if (s.isGone() || !over(s)) return false;
        held.add(s);
        return true;
    }

    /**
     * Node thread: {@code render} writes a reply of {@code s} (a confirmed read); true when it was
     * held back to run once the output has drained, behind the ones held before it; false when the
     * caller runs it now.
     */
    public boolean defer(ClientSession s, Runnable render) {
        // Rendering of confirmed reads held back, in the order they were confirmed (on the session).
        ArrayDeque<Runnable> q = s.deferredReplies;
        if (q == null) {
            if (s.isGone() || !over(s)) return false;
            q = new ArrayDeque<>();
            s.deferredReplies = q;
            held.add(s);
        }
        q.add(render);
        return true;
    }

    /** After each flush: the held sessions now under the bound (or gone) go on in a task of their own. */
    void afterFlush() {
        if (held.isEmpty()) return;
        List<ClientSession> ready = null;
        for (Iterator<ClientSession> it = held.iterator(); it.hasNext(); ) {
            ClientSession s = it.next();
            if (s.isGone() || !over(s)) {
                it.remove();
                if (ready == null) ready = new ArrayList<>();
                ready.add(s);
            }
        }
        if (ready != null) {
            List<ClientSession> go = ready;
            node.execute(() -> go.forEach(this::resume));
        }
    }

    /** The connection's channel became writable (its event loop): held work goes on. */
    public void writable(ClientSession s) {
        node.execute(() -> {
            if (held.remove(s)) resume(s);
        });
    }

    /** The connection stopped reading (its event loop): it must not be held, or neither side would move. */
    public void readingPaused(ClientSession s) {
        writable(s);
    }

    private void resume(ClientSession s) {
        ArrayDeque<Runnable> q = s.deferredReplies;
        if (q != null) {
            while (!q.isEmpty() && (s.isGone() || !over(s))) q.poll().run();
            if (!q.isEmpty()) {
                held.add(s);
                return;
            }
            s.deferredReplies = null;
        }
        node.drain(s);
    }
}
