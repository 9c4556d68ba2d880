package io.redraft.server.node;

import io.redraft.server.command.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT PAUSE timeout [WRITE|ALL] and CLIENT UNPAUSE: while a pause lasts, a request it covers
 * (ALL: every command, CLIENT UNPAUSE included, as in Redis 7.0; WRITE: those that may change
 * the dataset, i.e. what would go through the log, plus PUBLISH and WAIT) waits as a blocked
 * client and runs, in arrival order, when the pause ends. The leader's expiry sweeps wait too,
 * as Redis stops expiring during a pause. Node thread only.
 */
final class ClientPause {
    enum Mode { NONE, WRITE, ALL }

    private record Held(ClientSession session, ClientRequest request) {}

    private final NodeThread node;
    private Mode mode = Mode.NONE;
    private long untilNanos;
    private long generation;
    private final List<Held> held = new ArrayList<>();

    ClientPause(NodeThread node) {
        this.node = node;
    }

    /** Whether a pause is in force now (the expiry sweep asks this). */
    boolean active() {
        return mode != Mode.NONE;
    }

    boolean writesPaused() {
        return mode != Mode.NONE;
    }

    /** Whether {@code r} must wait for the pause to end. */
    boolean holds(ClientSession s, ClientRequest r) {
        if (mode == Mode.NONE || r.route() == Route.ADMIN) return false; // other nodes, like Redis's replicas, are never paused
        if (mode == Mode.ALL) return true;
        String name = r.commandName();
        if (name.equals("publish") || name.equals("spublish") || name.equals("wait") || name.equals("waitaof")) return true;
        if (name.equals("exec")) return s.multi() != null && !s.multi().isEmpty();
        return r.route() == Route.REPLICATED;
    }

    void hold(ClientSession s, ClientRequest r) {
        held.add(new Held(s, r));
    }

    /** Starts or extends a pause: Redis keeps the later end and the stricter mode. */
    void pause(long millis, Mode m) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (mode == Mode.NONE || until - untilNanos > 0) untilNanos = until;
        if (mode != Mode.ALL) mode = m;
        long gen = ++generation;
        node.schedule(Math.max(0, untilNanos - System.nanoTime()), () -> {
            if (gen == generation) unpause();
        });
    }

    void unpause() {
        mode = Mode.NONE;
        generation++;
        List<Held> run = new ArrayList<>(held);
        held.clear();
        for (Held h : run) node.resumePaused(h.session(), h.request());
    }
}
