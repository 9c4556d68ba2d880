package io.redraft.server.blocking;

import io.redraft.raft.RaftException;
import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import io.redraft.server.client.CommandBatch;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import io.redraft.store.Bytes;
import io.redraft.store.RedisObject;
import io.redraft.store.list.ListValue;
import io.redraft.store.notify.KeyspaceListener;
import io.redraft.store.stream.StreamReads;
import io.redraft.store.zset.ZSetValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Clients blocked on keys (BLPOP and the other list and sorted-set blocking commands), on the
 * node they are connected to ({@code docs/blocking.md}). The wait itself is node-local and never
 * logged: a timeout is this node's clock. What ends a wait with an element is a pop in the log,
 * proposed for one client and applied alike on every replica; the node that proposed it hands
 * the popped element to its client when it applies the entry, whatever its role by then. Clients
 * on one key are served in the order they blocked. Node thread only.
 */
public final class BlockedClients {
    /** Redis's reply to blocked clients when a master turns replica (disconnectAllBlockedClients). */
    static final String UNBLOCKED = "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";
    static final String UNBLOCKED_BY_CLIENT = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    private final RaftRuntime rt;
    private final NodeThread node;
    private final Map<Long, Waiter> bySession = new HashMap<>();
    /** Waits of this follower's clients sent to the leader (follower-proxy), by session. */
    private final Map<Long, ProxiedWait> proxied = new HashMap<>();
    /** Per key, its waiters in the order they blocked. */
    private final Map<Bytes, ArrayDeque<Waiter>> byKey = new HashMap<>();
    /** Waiters with a timeout, soonest first. */
    private final TreeSet<Waiter> deadlines = new TreeSet<>();
    /** When the armed timer fires (nanoTime); Long.MAX_VALUE when none is armed. */
    private long armedFor = Long.MAX_VALUE;
    /** Keys that became ready (or whose waiter went back to waiting) since the last {@link #flush}. */
    private final Set<Bytes> dirty = new LinkedHashSet<>();
    /** Pops to propose at the next {@link #flush}: waiter, and the command that serves it. */
    private final List<Waiter> toPropose = new ArrayList<>();
    private final List<byte[][]> toProposeArgv = new ArrayList<>();
    /** Pops to undo at the next {@link #flush}: their clients left before the pop was applied. */
    private final List<byte[][]> pushBacks = new ArrayList<>();
    private long nextSeq;
    private final ByteArrayOutput captured = new ByteArrayOutput(128);
    private final RespWriter capture = new RespWriter(captured, 2);
    private final KeyspaceListener events = new KeyspaceListener() {
        @Override
        public void event(int type, String event, Bytes key) {
        }

        @Override
        public void keyReady(Bytes key) {
            if (byKey.containsKey(key)) dirty.add(key);
        }
    };

    public BlockedClients(RaftRuntime rt) {
        this.rt = rt;
        this.node = rt.node();
        node.onUnblock(this::unblock);
    }

    /** Whether this request (command {@code name}, lower case) may wait: XREAD and XREADGROUP only with BLOCK. */
    public static boolean waits(String name, byte[][] argv) {
        return BlockingKind.waits(name, argv);
    }

    /** The listener that hears key-ready signals while entries apply; null when nobody waits here. */
    public KeyspaceListener events() {
        return bySession.isEmpty() ? null : events;
    }

    /**
     * A blocking command outside MULTI on the leader: the client blocks, and its first pop is
     * proposed at once. That pop runs the command as given, so its errors (arguments, a key of
     * another type) come from the store as Redis gives them; if it finds nothing, the client
     * waits for its keys.
     */
    public void arrive(ClientSession s, byte[][] argv) {
        BlockingKind kind = BlockingKind.of(argv);
        long nowMillis = rt.clock().millis();
        long timeout = kind.timeoutMillis(argv, nowMillis);
        long deadline = timeout <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        List<Bytes> keys = new ArrayList<>();
        for (byte[] k : kind.keys(argv)) keys.add(Bytes.wrap(k));
        Waiter w = new Waiter(s, argv, kind, keys, deadline, nextSeq++);
        bySession.put(s.id, w);
        for (Bytes k : keys) byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(w);
        if (deadline != Long.MAX_VALUE) arm(w);
        node.block(s);
        propose(w, argv);
    }

    /**
     * A blocking command outside MULTI on a follower with {@code raft.follower-proxy yes}: it
     * waits on the leader over a connection of its own, not on the shared proxy link.
     */
    public void viaLeader(ClientSession s, byte[][] argv, String leaderAddress) {
        proxied.put(s.id, ProxiedWait.start(rt, s, argv, leaderAddress, w -> proxied.remove(w.session().id, w)));
    }

    /** The reply sink a pop for {@code s} applies into, or null when {@code s} waits for no pop. */
    public ReplySink capture(ClientSession s) {
        Waiter w = bySession.get(s.id);
        if (w == null || w.state != Waiter.State.SERVING) return null;
        captured.reset();
        capture.setProtocol(s.isGone() ? 2 : s.protocol());
        return capture;
    }

    /**
     * A pop for {@code s} was applied (the store wrote into {@link #capture}): a popped element
     * goes to the client; nothing popped puts it back to waiting, unless its wait ended meanwhile.
     */
    public void served(ClientSession s, List<Runnable> completions) {
        Waiter w = bySession.get(s.id);
        byte[] reply = captured.toByteArray();
        w.state = Waiter.State.WAITING;
        if (!w.kind.isEmpty(reply, s.isGone() ? 2 : s.protocol())) {
            if (!s.isGone()) node.rawReply(s, reply);
            else pushBack(w, reply);
            finish(w, completions);
        } else if (s.isGone()) {
            finish(w, completions);
        } else if (w.ending != null) {
            end(w, w.ending, completions);
        } else if (w.deadlineNanos != Long.MAX_VALUE && System.nanoTime() - w.deadlineNanos >= 0) {
            end(w, Waiter.Ending.TIMEOUT, completions);
        } else if (rt.leaderError() != null) {
            end(w, Waiter.Ending.UNBLOCKED, completions);
        } else {
            // Back to waiting; a key filled while the pop was in flight would signal no more.
            // A stream read found nothing new: only an XADD's signal can change that.
            if (w.kind == BlockingKind.STREAM) w.argv = StreamReads.lastIds(rt.store().keyspace(), w.argv, rt.clock().millis());
            else dirty.addAll(w.keys);
        }
    }

    /**
     * The client left while its pop was in the log: what it took goes back (on the leader; a
     * deposed leader cannot propose, and the element is then lost with the client that left).
     */
    private void pushBack(Waiter w, byte[] reply) {
        byte[][] undo = PushBack.of(w.kind, w.served, reply);
        if (undo != null && rt.leaderError() == null) pushBacks.add(undo);
    }

    /** The entries of a Ready are applied: keys that became ready are served once it is handed back. */
    public void applied(List<Runnable> completions) {
        if (!dirty.isEmpty() || !toPropose.isEmpty() || !pushBacks.isEmpty()) completions.add(this::flush);
    }

    /**
     * A pop proposed for {@code s} was replaced by another leader's entry (or will never be
     * applied here): nothing was popped for it. True when {@code s} waited for such a pop.
     */
    public boolean notCommitted(ClientSession s, List<Runnable> completions) {
        Waiter w = bySession.get(s.id);
        if (w == null || w.state != Waiter.State.SERVING) return false;
        w.state = Waiter.State.WAITING;
        if (s.isGone()) finish(w, completions);
        else end(w, w.ending == null ? Waiter.Ending.UNBLOCKED : w.ending, completions);
        return true;
    }

    /**
     * The node stopped leading: clients waiting with no pop in flight get Redis's UNBLOCKED error
     * (retryable: their elements are still in the lists) and are disconnected, as Redis does when
     * a master turns replica; a client whose pop is in flight learns its outcome when the entry
     * is applied here or known replaced.
     */
    public void leadershipLost(List<Runnable> completions) {
        for (Waiter w : List.copyOf(bySession.values())) {
            if (w.state == Waiter.State.WAITING) end(w, Waiter.Ending.UNBLOCKED, completions);
            else if (w.ending == null) w.ending = Waiter.Ending.UNBLOCKED;
        }
    }

    /** The client's connection is gone: a waiting client is forgotten; one with a pop in flight when it applies. */
    public void disconnected(ClientSession s) {
        ProxiedWait p = proxied.get(s.id);
        if (p != null) p.disconnected();
        Waiter w = bySession.get(s.id);
        if (w != null && w.state == Waiter.State.WAITING) remove(w);
    }

    /** CLIENT UNBLOCK: true when {@code s} was blocked on keys here. */
    boolean unblock(ClientSession s, boolean error) {
        ProxiedWait p = proxied.get(s.id);
        if (p != null && !s.isGone()) {
            p.unblock(error);
            return true;
        }
        Waiter w = bySession.get(s.id);
        if (w == null || s.isGone()) return false;
        Waiter.Ending why = error ? Waiter.Ending.ERROR : Waiter.Ending.TIMEOUT;
        if (w.state == Waiter.State.WAITING) {
            List<Runnable> done = new ArrayList<>();
            end(w, why, done);
            done.forEach(Runnable::run);
        } else if (w.ending == null) {
            w.ending = why;
        }
        return true;
    }

    /**
     * Proposes the pops gathered: for every key that became ready, its waiting clients in the
     * order they blocked, as many as the key holds elements (a client taking more just leaves the
     * next one waiting). Called after a Ready is handed back and after each batch of requests.
     */
    public void flush() {
        if (!dirty.isEmpty()) {
            List<Bytes> keys = List.copyOf(dirty);
            dirty.clear();
            if (rt.leaderError() == null) for (Bytes k : keys) serve(k);
        }
        if (!pushBacks.isEmpty()) {
            List<CommandBatch.Request> undo = new ArrayList<>();
            for (byte[][] argv : pushBacks) undo.add(new CommandBatch.Request(0, false, List.<byte[][]>of(argv)));
            pushBacks.clear();
            if (rt.stateError() == null && rt.leaderError() == null) {
                try {
                    rt.propose(new CommandBatch(rt.clock().millis(), rt.random().nextLong(), undo), null);
                } catch (RaftException lost) {
                    // Leadership went between the apply and now: the elements leave with their clients.
                }
            }
        }
        if (toPropose.isEmpty()) return;
        List<Waiter> waiters = List.copyOf(toPropose);
        List<CommandBatch.Request> requests = new ArrayList<>(waiters.size());
        List<ClientSession> sessions = new ArrayList<>(waiters.size());
        for (int i = 0; i < waiters.size(); i++) {
            Waiter w = waiters.get(i);
            requests.add(new CommandBatch.Request(w.session.id, false, List.<byte[][]>of(toProposeArgv.get(i))));
            sessions.add(w.session);
        }
        toPropose.clear();
        toProposeArgv.clear();
        List<Runnable> done = new ArrayList<>();
        String err = rt.stateError() != null ? rt.stateError() : rt.leaderError();
        if (err == null) {
            try {
                rt.propose(new CommandBatch(rt.clock().millis(), rt.random().nextLong(), requests), sessions);
                return;
            } catch (RaftException e) {
                err = e.getMessage();
            }
        }
        // Never proposed, so nothing was popped: the clients may retry, on the leader.
        for (Waiter w : waiters) {
            if (w.state != Waiter.State.SERVING) continue;
            w.state = Waiter.State.WAITING;
            if (w.session.isGone()) finish(w, done);
            else if (w.ending != null) end(w, w.ending, done);
            else if (err.startsWith("MOVED ") || err.startsWith("CLUSTERDOWN")) end(w, Waiter.Ending.UNBLOCKED, done);
            else {
                node.sink(w.session).error(err);
                finish(w, done);
            }
        }
        done.forEach(Runnable::run);
    }

    private void serve(Bytes key) {
        ArrayDeque<Waiter> q = byKey.get(key);
        if (q == null) return;
        RedisObject v = rt.store().keyspace().peek(key, rt.clock().millis());
        if (v == null) return;
        // A stream read takes nothing: every reader of a grown stream reads again.
        long n = v instanceof ListValue l ? l.size() : v instanceof ZSetValue z ? z.size() : Long.MAX_VALUE;
        for (Waiter w : q) {
            if (n <= 0) break;
            if (w.state != Waiter.State.WAITING || w.ending != null || !w.kind.serves(v.type())) continue;
            propose(w, w.kind.serving(w.argv, key.array()));
            n--;
        }
    }

    private void propose(Waiter w, byte[][] argv) {
        w.state = Waiter.State.SERVING;
        w.served = argv;
        toPropose.add(w);
        toProposeArgv.add(argv);
    }

    /** Ends a wait without an element; the reply is written now, the client runs on after the Ready. */
    private void end(Waiter w, Waiter.Ending why, List<Runnable> completions) {
        ReplySink out = node.sink(w.session);
        switch (why) {
            case TIMEOUT -> out.nullArray(); // replyToBlockedClientTimedOut: a null array for every list and zset wait
            case ERROR -> out.error(UNBLOCKED_BY_CLIENT);
            case UNBLOCKED -> out.error(UNBLOCKED);
        }
        // As Redis: closed after this reply, so requests it pipelined behind the wait do not run.
        if (why == Waiter.Ending.UNBLOCKED) node.closeAfterReply(w.session);
        finish(w, completions);
    }

    private void finish(Waiter w, List<Runnable> completions) {
        remove(w);
        ClientSession s = w.session;
        completions.add(() -> node.complete(s));
    }

    private void remove(Waiter w) {
        bySession.remove(w.session.id);
        for (Bytes k : w.keys) {
            ArrayDeque<Waiter> q = byKey.get(k);
            if (q == null) continue;
            q.remove(w);
            if (q.isEmpty()) byKey.remove(k);
        }
        if (w.deadlineNanos != Long.MAX_VALUE) deadlines.remove(w);
    }

    private void arm(Waiter w) {
        deadlines.add(w);
        if (armedFor != Long.MAX_VALUE && w.deadlineNanos - armedFor >= 0) return;
        armedFor = w.deadlineNanos;
        node.schedule(Math.max(0, w.deadlineNanos - System.nanoTime()), this::expire);
    }

    /** Times out the waits whose deadline passed; re-arms for the next one. */
    private void expire() {
        armedFor = Long.MAX_VALUE;
        long now = System.nanoTime();
        List<Runnable> done = new ArrayList<>();
        while (!deadlines.isEmpty() && deadlines.first().deadlineNanos - now <= 0) {
            Waiter w = deadlines.pollFirst();
            if (w.state == Waiter.State.WAITING) end(w, Waiter.Ending.TIMEOUT, done);
            else if (w.ending == null) w.ending = Waiter.Ending.TIMEOUT;
        }
        if (!deadlines.isEmpty()) {
            Waiter next = deadlines.first();
            armedFor = next.deadlineNanos;
            node.schedule(Math.max(0, next.deadlineNanos - now), this::expire);
        }
        done.forEach(Runnable::run);
    }
}
