package io.redraft.server.node;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.redraft.resp.ReplySink;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the node's state, as Redis's main thread does: sessions, the keyspace
 * and the Raft core are touched only here, so none of them needs a lock. It is one of the Netty
 * event loops (see {@link #start}), so the connections that loop serves reach the node without a
 * thread switch in either direction.
 *
 * <p>Event loops {@link #submit} decoded requests; each turn runs up to {@value #BATCH}
 * messages, then flushes every connection that got replies once. Replies go into the
 * requesting connection's own buffer in request order; a request that must wait (a write until
 * Raft commits it) blocks its connection, and later requests from that connection queue behind
 * it, so pipelined replies never overtake one another.
 */
public final class NodeThread {
    static final int BATCH = 4096;
    private static final Logger log = LoggerFactory.getLogger(NodeThread.class);

    private final Queue<Inbound> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final Map<Long, ClientSession> sessions = new LinkedHashMap<>();
    /** A batch run is queued on the loop: further wake-ups need not queue another. */
    private final AtomicBoolean runQueued = new AtomicBoolean();
    private final Runnable runBatch = this::runBatch;
    private final io.redraft.resp.ChunkArrays chunkArrays = new io.redraft.resp.ChunkArrays();
    /** Set once by {@link #start}; other threads (the log thread's callbacks) read it to wake the node. */
    private volatile EventLoop loop;
    private volatile boolean running = true;

    private final NodeContext ctx;
    /** Per-command counts and latencies for the metrics listener (no-ops when it is off). */
    private final CommandTimings timings;
    /** Command statistics, SLOWLOG, LATENCY, MONITOR. */
    final CommandLog commandLog;
    private final ClientPause pause = new ClientPause(this);
    /** Holds a connection's requests while its unsent replies are over a bound (#24). */
    public final OutputGate outputGate = new OutputGate(this);
    private final ReplyOutput output;
    /** When the current turn began, read by the heartbeat keeper from its own thread. */
    private final TurnClock turn = new TurnClock();
    private CommandRouter router;
    private long tickIntervalNanos = TimeUnit.MILLISECONDS.toNanos(100);
    private ScheduledFuture<?> nextTick;
    private Runnable onTick = () -> { };
    private Runnable afterBatch = () -> { };
    /**
     * Node thread: a connection is part-way through a large request (#24: a peer's big
     * AppendEntries arriving in pieces). Set by the Raft glue.
     */
    public java.util.function.Consumer<ClientSession> largeRequestProgress = s -> { };
    /** Subscriptions, keyspace notifications and client tracking of this node's clients. */
    private final io.redraft.server.pubsub.PubSub pubsub;

    public NodeThread(NodeContext ctx) {
        this.ctx = ctx;
        this.timings = new CommandTimings(ctx.metrics);
        this.commandLog = new CommandLog(this);
        ctx.stats.alsoReset = commandLog::reset;
        this.pubsub = new io.redraft.server.pubsub.PubSub(this);
        this.output = new ReplyOutput(new OutputLimits(ctx, pubsub), outputGate);
    }

    public io.redraft.server.pubsub.PubSub pubsub() {
        return pubsub;
    }

    /**
     * Starts the node on {@code loop}: from now on the node's state belongs to that event loop's
     * thread. Connections served by the same loop hand requests over and write replies without
     * a thread switch, as in Redis's main thread; with one loop ({@code io-threads 1}) that is
     * every connection, peers included.
     */
    public void start(CommandRouter router, EventLoop loop) {
        this.router = router;
        this.loop = loop;
        loop.execute(this::scheduleTick);
        wake();
    }

    public NodeContext context() {
        return ctx;
    }

    /** Arrays of received snapshot chunks: decoders take them, the snapshot receiver gives them back. */
    public io.redraft.resp.ChunkArrays chunkArrays() {
        return chunkArrays;
    }

    /** Sets the periodic work (the Raft tick); node thread only. */
    public void onTick(long intervalMillis, Runnable tick) {
        this.tickIntervalNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, intervalMillis));
        this.onTick = tick;
        if (loop != null && nextTick != null) {
            nextTick.cancel(false);
            scheduleTick();
        }
    }

    /** Sets the work done after every batch of messages, before replies are flushed (Raft's Ready loop). */
    public void afterBatch(Runnable r) {
        this.afterBatch = r;
    }

    /** Runs {@code r} on the node thread (an Executor for callbacks from other threads). */
    public void execute(Runnable r) {
        submit(new Inbound.Task(r));
    }

    /** Runs {@code r} on the node thread once {@code delayNanos} have passed, without holding it up meanwhile. */
    public void schedule(long delayNanos, Runnable r) {
        loop.schedule(() -> execute(r), delayNanos, TimeUnit.NANOSECONDS);
    }

    public boolean inNodeThread() {
        return loop != null && loop.inEventLoop();
    }

    /** Any thread. */
    public void submit(Inbound m) {
        inbox.offer(m);
        wake();
    }

    /**
     * Queues {@code m} without waking the node thread; the caller must call {@link #wake} after
     * it. An event loop queues everything it decoded in one I/O round and wakes the node once
     * (see {@code NodeWakeup}): one node turn then runs them all, and from another loop a
     * wake-up is a system call on each side, which per request cost more than executing a GET.
     */
    public void offer(Inbound m) {
        inbox.offer(m);
    }

    /**
     * Makes the node run what is queued; any thread. From the node's own loop this queues a task
     * (no system call), and the loop runs it after the I/O round that decoded the requests.
     */
    public void wake() {
        EventLoop l = loop;
        if (l == null || !running || runQueued.getAndSet(true)) return;
        try {
            l.execute(runBatch);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The server is shutting down its loops: a late callback (the log thread's, a
            // snapshot thread's) has nothing left to run on, and nothing to report.
        }
    }

    /** Called on the connection's event loop when it becomes active. */
    public ClientSession newSession(Channel ch) {
        ClientSession s = new ClientSession(nextClientId.getAndIncrement(), ch, text(ch.remoteAddress()),
                text(ch.localAddress()), ctx.acl.newConnectionAuthenticated());
        s.pubsub = pubsub;
        s.sink.setErrorListener(e -> {
            ctx.stats.countError(e);
            timings.failed(s);
            commandLog.error(s, e);
        });
        // Queued before any request of this client, so the node knows it first.
        submit(new Inbound.Task(() -> {
            String refused = ConnectionAdmission.refusal(ctx, s, sessions.size());
            if (refused != null) { // Redis accepts the connection, says why, and closes it
                ctx.stats.rejectedConnections++;
                sink(s).error(refused);
                closeAfterReply(s);
                return;
            }
            sessions.put(s.id, s);
            ctx.stats.connectionsReceived++;
        }));
        return s;
    }

    /** Stops the node: nothing queued after this runs, and every client connection is closed. */
    public void stop() {
        if (loop == null || !running) return;
        Runnable close = () -> {
            running = false;
            if (nextTick != null) nextTick.cancel(false);
            for (ClientSession s : sessions.values()) s.channel.close();
        };
        if (loop.inEventLoop()) {
            close.run();
            return;
        }
        try {
            loop.submit(close).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleTick() {
        if (!running) return;
        nextTick = loop.schedule(this::tick, tickIntervalNanos, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (!running) return;
        boolean marked = turn.mark();
        runBatch(); // anything queued without a wake-up (none is expected) waits one tick at most
        try {
            onTick.run();
            afterBatch.run();
        } catch (RuntimeException e) {
            log.error("tick failed", e);
        }
        output.flush();
        output.limits().checkSoft(sessions.values());
        ClientTimeouts.closeIdle(this, sessions.values(), ctx.config.timeoutSeconds());
        if (marked) turn.end();
        scheduleTick();
    }

    /**
     * Counts I/O work on the node's own loop (decoding a large request, #24) as a turn, so that
     * the heartbeat keeper covers it too; false when not on that loop or already in a turn.
     */
    public boolean markIoTurn() {
        EventLoop l = loop;
        return l != null && l.inEventLoop() && turn.mark();
    }

    public void endIoTurn() {
        turn.end();
    }

    /** How long the node thread has been in its current turn, 0 between turns; any thread. */
    public long busyNanos() {
        return turn.busyNanos();
    }

    /**
     * One turn of the node: runs up to {@value #BATCH} queued messages, then the Ready loop, then
     * flushes every connection that got replies. More waiting goes behind the loop's next I/O
     * round, so a flood of requests cannot starve the sockets.
     */
    private void runBatch() {
        runQueued.set(false);
        if (!running) return;
        boolean marked = turn.mark();
        try {
            runTurn();
        } finally {
            if (marked) turn.end();
        }
    }

    private void runTurn() {
        int n = 0;
        Inbound m;
        while (n < BATCH && (m = inbox.poll()) != null) {
            n++;
            try {
                handle(m);
            } catch (RuntimeException e) {
                log.error("node thread failed on {}", m, e);
            }
        }
        if (n > 0) {
            try {
                afterBatch.run();
            } catch (RuntimeException e) {
                log.error("after-batch work failed", e);
            }
        }
        output.flush();
        if (!inbox.isEmpty()) wake();
    }

    private void handle(Inbound m) {
        switch (m) {
            case Inbound.Request r -> onRequest(r.session(), r.request());
            case Inbound.ProtocolError e -> {
                ClientSession s = e.session();
                if (!s.flow.idle() || !s.waiting.isEmpty()) {
                    s.pendingError = e.errorLine() == null ? "" : e.errorLine();
                } else {
                    failProtocol(s, e.errorLine());
                }
            }
            case Inbound.Disconnected d -> {
                d.session().disconnected();
                sessions.remove(d.session().id);
                router.disconnected(d.session());
                pubsub.forget(d.session());
            }
            case Inbound.Task t -> t.run().run();
        }
    }

    private void failProtocol(ClientSession s, String errorLine) {
        if (errorLine != null && !errorLine.isEmpty()) sink(s).error(errorLine);
        closeAfterReply(s);
    }

    private void onRequest(ClientSession s, ClientRequest r) {
        if (s.isGone()) {
            released(s); // never executed: nothing to time
            return;
        }
        if (!s.flow.accepting() || !s.waiting.isEmpty()) {
            s.waiting.add(r);
            return;
        }
        execute(s, r);
    }

    private void execute(ClientSession s, ClientRequest r) {
        if (pause.holds(s, r)) {
            if (s.flow.idle()) {
                s.flow.block();
                pause.hold(s, r);
            } else {
                s.waiting.addFirst(r);
                s.flow.stall();
            }
            return;
        }
        if (outputGate.holds(s)) { // its replies wait unsent: it goes on once they drain
            s.waiting.addFirst(r);
            return;
        }
        if (!s.flow.idle() && (s.replyMode == ClientAdmin.SKIPPING || !router.pipelinable(s, r))) {
            // Its reply must follow the replies of the writes or reads still in flight: wait for them.
            s.waiting.addFirst(r);
            s.flow.stall();
            return;
        }
        s.lastInteractionNanos = System.nanoTime();
        ctx.stats.commandsProcessed++;
        timings.started(s, r.argv());
        commandLog.started(s, r);
        ClientAdmin.beforeCommand(s);
        router.dispatch(s, r);
        if (!s.flow.takeHandedOn() && s.flow.phase() != RequestFlow.Phase.BLOCKED) answered(s);
    }

    /**
     * The current request is a write handed to the log: it is answered by {@link #writeDone},
     * and the connection's next writes may be executed before that (pipelining through Raft).
     */
    public void pipelineWrite(ClientSession s) {
        s.flow.writeSent();
    }

    /** A pipelined write was applied (or failed) and its reply written. */
    public void writeDone(ClientSession s) {
        boolean last = s.flow.writeApplied();
        answered(s);
        if (last) drain(s);
    }

    /**
     * The current request is a read waiting for its ReadIndex round: it is answered by
     * {@link #readDone}, and the connection's next reads may join the same round meanwhile. Reads
     * are confirmed and served in the order they were registered, so replies stay in order; a
     * write never overtakes them (nor they a write): each waits for the other kind to drain.
     */
    public void pipelineRead(ClientSession s) {
        s.flow.readSent();
    }

    /** A pipelined read was served (or failed) and its reply written. */
    public void readDone(ClientSession s) {
        boolean last = s.flow.readConfirmed();
        answered(s);
        if (last) drain(s);
    }

    /** The reply writer of a session, positioned at the end of its pending output. */
    public ReplySink sink(ClientSession s) {
        return output.sink(s);
    }

    /** Appends reply bytes rendered earlier (a client session's remembered reply) to the session's output. */
    public void rawReply(ClientSession s, byte[] resp) {
        output.rawReply(s, resp);
    }

    /** Marks the session's current request as waiting; its reply comes through {@link #complete}. */
    public void block(ClientSession s) {
        s.flow.block();
    }

    /** CLIENT UNBLOCK's registry of clients blocked on keys: true when it unblocked the client (error: with an error). */
    private java.util.function.BiPredicate<ClientSession, Boolean> unblocker = (s, error) -> false;

    public void onUnblock(java.util.function.BiPredicate<ClientSession, Boolean> u) {
        this.unblocker = u;
    }

    public boolean unblock(ClientSession s, boolean error) {
        return unblocker.test(s, error);
    }

    /** Ends a wait begun with {@link #block}: the caller has written the reply; queued requests run. */
    public void complete(ClientSession s) {
        s.flow.unblock();
        answered(s);
        drain(s);
    }

    void drain(ClientSession s) {
        while (s.flow.accepting() && !s.isGone() && !s.waiting.isEmpty() && !outputGate.holds(s)) execute(s, s.waiting.poll());
        if (s.flow.idle() && s.waiting.isEmpty() && s.pendingError != null) {
            failProtocol(s, s.pendingError);
            s.pendingError = null;
        }
    }

    /** A request CLIENT PAUSE held runs now that the pause is over. */
    void resumePaused(ClientSession s, ClientRequest r) {
        s.flow.unblock();
        if (s.isGone()) {
            released(s);
        } else {
            execute(s, r);
        }
        drain(s);
    }

    ClientPause pause() {
        return pause;
    }

    /** Whether CLIENT PAUSE is in force (the leader does not expire keys meanwhile). */
    public boolean clientsPaused() {
        return pause.active();
    }

    private void answered(ClientSession s) {
        timings.answered(s);
        commandLog.answered(s);
        ClientAdmin.afterAnswer(s);
        released(s);
    }

    /** One request of the session is done with; reading resumes under the low-water mark. */
    private void released(ClientSession s) {
        int n = s.inflight.decrementAndGet();
        if (s.readingPaused && n < ClientSession.LOW_WATER) {
            s.readingPaused = false;
            Runnable r = s.resumeReading;
            if (r != null) r.run();
        }
    }

    /** Answers requests from event loops while a script is busy (BUSY, SCRIPT KILL); set once by the runtime. */
    public volatile io.redraft.server.script.BusyScripts busyScripts;

    /**
     * Node thread: sessions whose next request may not be answered ahead of the node, since they
     * hold replies not yet flushed or are inside MULTI (a refused command would go missing from EXEC).
     */
    public java.util.Set<Long> sessionsToLeaveQueued() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (ClientSession s : sessions.values()) if (s.touched || s.multi() != null) ids.add(s.id);
        return ids;
    }

    /** Drops the timings of connections gone with commands unanswered; node thread (each metrics scrape). */
    public void purgeTimings() {
        timings.purgeClosed();
        commandLog.purgeClosed();
    }

    public Iterable<ClientSession> sessions() {
        return sessions.values();
    }

    public ClientSession session(long id) {
        return sessions.get(id);
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Sessions waiting with a request of theirs not answered yet (INFO blocked_clients). */
    public int blockedCount() {
        int n = 0;
        for (ClientSession s : sessions.values()) if (s.flow.blocked()) n++;
        return n;
    }

    /**
     * Runs {@code r} on the node thread right after the next flush, i.e. once every reply written
     * so far has been queued on its connection. A removed node shuts down this way, so that the
     * +OK to its own RAFT.NODE REMOVE is on the wire first (Netty's graceful shutdown still runs
     * the queued writes).
     */
    public void runAfterFlush(Runnable r) {
        output.runAfterFlush(r);
    }

    /** Closes a session after its pending replies are sent (QUIT, CLIENT KILL). */
    public void closeAfterReply(ClientSession s) {
        s.close();
        sink(s);
    }

    private static String text(SocketAddress a) {
        if (a instanceof InetSocketAddress i) return i.getAddress().getHostAddress() + ":" + i.getPort();
        return String.valueOf(a);
    }
}
