package io.redraft.server.admin;

import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * RAFT.CLUSTER INIT and JOIN replies held until the node can do what a client asks next: after
 * INIT's {@code OK} the node leads and serves (as RedisRaft's, which is leader when INIT
 * returns); after JOIN's it knows its leader, so commands get MOVED or are proxied rather than
 * {@code -CLUSTERDOWN}. Scripts send their first command right after these replies. Checked
 * after every Ready and tick. Node thread only.
 */
public final class ServeWaits {
    private record Wait(ClientSession session, BooleanSupplier ready, String reply, boolean bounded, long deadlineNanos) {}

    private final NodeThread node;
    private final List<Wait> waits = new ArrayList<>();

    public ServeWaits(NodeThread node) {
        this.node = node;
    }

    /**
     * Blocks {@code s} until {@code ready} holds, then answers {@code +reply}; also once
     * {@code timeoutMs} (0: none) has passed, since the command itself has succeeded by then.
     */
    void add(ClientSession s, BooleanSupplier ready, String reply, long timeoutMs) {
        node.block(s);
        // Not checked here: answering inside the command's own dispatch would count it twice.
        waits.add(new Wait(s, ready, reply, timeoutMs > 0, System.nanoTime() + timeoutMs * 1_000_000L));
    }

    public void check() {
        if (waits.isEmpty()) return;
        long now = System.nanoTime();
        List<ClientSession> done = new ArrayList<>();
        for (Iterator<Wait> it = waits.iterator(); it.hasNext(); ) {
            Wait w = it.next();
            if (!w.ready().getAsBoolean() && !(w.bounded() && now - w.deadlineNanos() >= 0)) continue;
            it.remove();
            node.sink(w.session()).status(w.reply());
            done.add(w.session());
        }
        // Completing runs the session's queued commands, which may add waits: after the loop.
        for (ClientSession s : done) node.complete(s);
    }

    /** The node cannot go on (its log cannot be written): everyone waiting gets {@code error}. */
    public void failAll(String error) {
        List<Wait> all = new ArrayList<>(waits);
        waits.clear();
        for (Wait w : all) {
            node.sink(w.session()).error(error);
            node.complete(w.session());
        }
    }
}
