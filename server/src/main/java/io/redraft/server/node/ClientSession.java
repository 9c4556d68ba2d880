package io.redraft.server.node;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.redraft.resp.RespWriter;
import io.redraft.server.net.ByteBufOutput;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection as the node sees it. Fields marked "node" are touched only by the node
 * thread; the others are shared with the connection's event loop and are atomic or volatile.
 */
public final class ClientSession {
    /** Requests queued but not answered; the connection stops reading above {@link #HIGH_WATER}. */
    public static final int HIGH_WATER = 1024;
    public static final int LOW_WATER = 256;

    public final long id;
    public final Channel channel;
    public final String addr;
    public final String laddr;
    final long createdNanos = System.nanoTime();

    /** shared: requests handed to the node and not yet answered. */
    public final AtomicInteger inflight = new AtomicInteger();
    /** shared: written by the node, read by the decoder to apply Redis's pre-AUTH limits. */
    volatile boolean authenticated;
    /** The connection identified itself as another node's link ({@code RAFT.PEER}, accepted). */
    private volatile boolean peerLink;
    /** shared: set by the event loop; the node calls it when inflight falls below LOW_WATER. */
    volatile Runnable resumeReading;
    /** shared: the event loop stopped reading this connection until the node catches up. */
    public volatile boolean readingPaused;

    // node
    String name;
    String libName = "";
    String libVer = "";
    int protocol = 2;
    long lastInteractionNanos = System.nanoTime();
    String lastCommand = "NULL";
    /** The ACL user the connection is authenticated as (AUTH, HELLO AUTH). */
    String user = "default";
    /** OPEN until it is to be closed (QUIT, CLIENT KILL, a protocol error) or the peer is gone. */
    private Connection connection = Connection.OPEN;
    /** Whether requests are in flight or waiting (see {@link RequestFlow}). */
    final RequestFlow flow = new RequestFlow();
    /** Requests that arrived while the flow could not take them, in order. */
    final ArrayDeque<ClientRequest> waiting = new ArrayDeque<>();
    ByteBuf out;
    /** When the client was first seen over its soft output buffer limit (nanoTime), 0 when it is not. */
    long softLimitSinceNanos;
    boolean touched;
    final ByteBufOutput output = new ByteBufOutput();
    final RespWriter sink = new RespWriter(output, 2);
    /** MULTI: none, queueing, or aborted. */
    private final Transaction transaction = new Transaction();
    /** WATCHed keys and the version each had at WATCH: key, version, key, version... (ISO-8859-1). */
    final java.util.List<byte[]> watched = new java.util.ArrayList<>();
    /** A protocol error that arrived while earlier requests still wait: sent after their replies. */
    String pendingError;
    /** ASKING was sent: the next intercepted command may use a slot this group is importing. */
    private boolean asking;
    /** CLIENT SESSION: the client session this connection writes for, 0 when none. */
    long clientSession;
    /** The sequence number the connection's next logged write takes. */
    long nextSeq;
    /** Where this connection's numbering began: the client holds every reply below it. */
    long seqBase;
    /** The node's Pub/Sub, for CLIENT LIST's subscription counts. */
    io.redraft.server.pubsub.PubSub pubsub;
    /** CLIENT REPLY (ClientAdmin.ON, OFF, SKIP_NEXT, SKIPPING) and the sink used while replies are dropped. */
    int replyMode;
    io.redraft.resp.RespWriter muted;
    /** CLIENT NO-EVICT, CLIENT NO-TOUCH, MONITOR: shown in CLIENT LIST's flags. */
    boolean noEvict, noTouch, monitor;
    /**
     * Commands executed and not answered yet, oldest first (CommandLog); and confirmed reads whose
     * rendering waits for the output to drain (OutputGate). Kept here, not in maps keyed by
     * session: a lookup per command in a map of a thousand sessions cost a cache miss or two (#24).
     */
    ArrayDeque<CommandLog.Running> running;
    ArrayDeque<Runnable> deferredReplies;

    public ClientSession(long id, Channel channel, String addr, String laddr, boolean authenticated) {
        this.id = id;
        this.channel = channel;
        this.addr = addr;
        this.laddr = laddr;
        this.authenticated = authenticated;
    }

    /** A connection's life: open; to be closed once its pending replies are sent; gone. */
    enum Connection { OPEN, CLOSING, CLOSED }

    /** node: ASKING. */
    public void asking() {
        asking = true;
    }

    /** node: whether ASKING came before this command; the flag lasts one command (Redis Cluster's rule). */
    public boolean takeAsking() {
        boolean a = asking;
        asking = false;
        return a;
    }

    /** node: writes of this connection are in the log and not yet applied. */
    public boolean hasPendingWrites() {
        return flow.phase() == RequestFlow.Phase.WRITES;
    }

    /** node: the connection is to be closed after its pending replies; a no-op once closing or gone. */
    void close() {
        if (connection == Connection.OPEN) connection = Connection.CLOSING;
    }

    /** node: the peer went away (or the channel closed): nothing more is sent. */
    void disconnected() {
        connection = Connection.CLOSED;
    }

    /** node: to be closed once its pending replies are flushed. */
    boolean closing() {
        return connection == Connection.CLOSING;
    }

    /** node: the connection's ACL user. */
    public String user() {
        return user;
    }

    /** Node thread: {@code RAFT.PEER} was accepted on this connection. */
    public void markPeerLink() {
        peerLink = true;
    }

    public boolean peerLink() {
        return peerLink;
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** node: the RESP version the client speaks. */
    public int protocol() {
        return protocol;
    }

    /** node: whether the connection is gone (a reply would be dropped). */
    public boolean isGone() {
        return connection != Connection.OPEN;
    }

    /** node: the connection is closed for good (not just closing after its last reply). */
    boolean isClosed() {
        return connection == Connection.CLOSED;
    }

    /** node: the MULTI queue, or null outside a transaction. */
    public java.util.List<byte[][]> multi() {
        return transaction.queued();
    }

    /** node: MULTI opens a transaction. */
    public void beginMulti() {
        transaction.begin();
    }

    /** node: a command queued inside MULTI. */
    public void queueInMulti(byte[][] argv) {
        transaction.queue(argv);
    }

    /** node: a queued command failed its dry run, so EXEC must abort. */
    public boolean multiFailed() {
        return transaction.phase() == Transaction.Phase.ABORTED;
    }

    public void failMulti() {
        transaction.fail();
    }

    /** node: EXEC or DISCARD ends the transaction; returns what was queued. */
    public java.util.List<byte[][]> endMulti() {
        return transaction.end();
    }

    /** node: records a WATCHed key with its version, unless it is already watched (Redis keeps the first). */
    public void watch(byte[] key, String version) {
        for (int i = 0; i < watched.size(); i += 2) {
            if (java.util.Arrays.equals(watched.get(i), key)) return;
        }
        watched.add(key);
        watched.add(version.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** node: the watched keys and versions, flat; empty when nothing is watched. */
    public java.util.List<byte[]> watched() {
        return watched;
    }

    /** node: UNWATCH, and what EXEC and DISCARD do. */
    public void unwatch() {
        watched.clear();
    }

    /** node: the client session (CLIENT SESSION) this connection belongs to, 0 when none. */
    public long clientSession() {
        return clientSession;
    }

    /** node: the sequence number of a write going into the log now; numbers the next one. */
    public long takeSeq() {
        return nextSeq++;
    }

    /** node: the first sequence number of this connection (everything below was answered). */
    public long seqBase() {
        return seqBase;
    }

    /** node: tags the connection (CLIENT SESSION id next-seq), or untags it with id 0. */
    void tagSession(long id, long next) {
        clientSession = id;
        nextSeq = next;
        seqBase = next;
    }

    /** node: the log index of this connection's last write (WAIT counts the nodes holding it); 0 before any. */
    private long lastWriteIndex;

    public long lastWriteIndex() {
        return lastWriteIndex;
    }

    public void wrote(long index) {
        lastWriteIndex = index;
    }

    public void onResume(Runnable r) {
        this.resumeReading = r;
    }
}
