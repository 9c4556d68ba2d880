package io.redraft.server.peer;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.RaftMessage;
import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.net.RespConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * This node's outgoing connection to one Raft peer, as RedisRaft keeps one per node: connects,
 * authenticates with {@code raft.cluster-user}/{@code cluster-password}, sends Raft requests and
 * pairs each in-order reply with its request. Reconnects after {@code reconnect-interval}; drops
 * the connection when the oldest request has waited {@code response-timeout}. Node thread only.
 */
final class PeerLink implements RespConnection.Listener {
    /** The {@code state=} of {@code raft_nodeN} in INFO raft. */
    enum State {
        DISCONNECTED("disconnected"), CONNECTING("connecting"), CONNECTED("connected"), CONNECT_ERROR("connect_error");

        final String info;

        State(String info) {
            this.info = info;
        }
    }

    /** A request in flight; {@code handshake} names AUTH or RAFT.PEER, whose replies pair with no Raft message. */
    private record Sent(RaftMessage request, long atNanos, long bytes, String handshake) {
        Sent(RaftMessage request, long atNanos, long bytes) {
            this(request, atNanos, bytes, null);
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PeerLink.class);

    final int id;
    final String host;
    final int port;
    private final PeerNetwork net;
    private final Consumer<RaftMessage> deliver;
    /** Tells the core the peer is taking in a large request still on its way (#24). */
    private final Runnable inTransit;
    private final ArrayDeque<Sent> pending = new ArrayDeque<>();
    private RespConnection conn;
    private State state = State.DISCONNECTED;
    private long lastAttemptNanos = Long.MIN_VALUE / 2;
    private long lastConnectedNanos = -1;
    private long connErrors;
    private long connOks;
    private long unansweredBytes;
    private boolean closed;
    /** The handshake the peer refused last, so that a link retrying every interval logs it once. */
    private String lastRefusal;
    /** Bytes of large requests the connection had handed to the socket at the previous tick. */
    private long largeBytesSeen;
    /** When those bytes last moved: the response timeout of a large request counts from then. */
    private long largeMovedNanos;
    /** When the last reply came on this connection. */
    private long lastReplyNanos;

    PeerLink(int id, String address, PeerNetwork net, Consumer<RaftMessage> deliver, Runnable inTransit) {
        this.id = id;
        int colon = address.lastIndexOf(':');
        this.host = colon < 0 ? address : address.substring(0, colon);
        this.port = colon < 0 ? 0 : Integer.parseInt(address.substring(colon + 1));
        this.net = net;
        this.deliver = deliver;
        this.inTransit = inTransit;
    }

    State state() {
        return state;
    }

    /** Connections that failed or were refused at the handshake (INFO {@code conn_errors}). */
    long connErrors() {
        return connErrors;
    }

    /** Connections made (INFO {@code conn_oks}). */
    long connOks() {
        return connOks;
    }

    /** Seconds since the last successful connect, -1 if never. */
    long lastConnSecs(long nowNanos) {
        return lastConnectedNanos < 0 ? -1 : (nowNanos - lastConnectedNanos) / 1_000_000_000L;
    }

    /**
     * Sends a request if connected and the link is not full; otherwise it is dropped, as a lost
     * message, and Raft sends again later (heartbeats retransmit, §5.3).
     */
    void send(RaftMessage m) {
        if (state != State.CONNECTED) return;
        byte[][] argv = RaftWire.encode(m);
        long bytes = 0;
        for (byte[] a : argv) bytes += a.length;
        // One request larger than the whole budget (an entry of hundreds of MB) still goes when
        // only small ones (heartbeats) are unanswered; dropped, it would be read and resent forever.
        // Heartbeats (empty appends) are never dropped: a few bytes each, and behind a large
        // append they are what keeps the follower's election timer from running out once the
        // append's bytes are through and the follower is storing it (#24).
        boolean heartbeat = m instanceof AppendEntriesRequest ae && ae.entries().isEmpty();
        if (!heartbeat && unansweredBytes + bytes > net.maxUnansweredBytes() && unansweredBytes > SMALL_BACKLOG_BYTES) {
            net.requestDropped();
            return;
        }
        unansweredBytes += bytes;
        pending.add(new Sent(m, System.nanoTime(), bytes));
        conn.send(argv);
    }

    /** Sends a command that expects no paired response (RAFT.NODESHUTDOWN), if connected. */
    void sendRaw(byte[][] argv) {
        if (state == State.CONNECTED) conn.send(argv);
    }

    /** Housekeeping every tick: reconnect, enforce the response timeout. */
    void tick(long nowNanos) {
        if (closed) return;
        if ((state == State.DISCONNECTED || state == State.CONNECT_ERROR)
                && nowNanos - lastAttemptNanos >= net.reconnectIntervalNanos()) {
            lastAttemptNanos = nowNanos;
            state = State.CONNECTING;
            net.connect(host, port, this);
        } else if (state == State.CONNECTED && !pending.isEmpty()) {
            Sent oldest = pending.peek();
            long moved = conn.largeBytesWritten();
            if (moved != largeBytesSeen) {
                largeBytesSeen = moved;
                largeMovedNanos = nowNanos;
            }
            if (oldest.bytes() < LARGE_REQUEST_BYTES) {
                // Counted from the previous reply too: heartbeats queued behind a large request
                // wait for it, through no fault of the peer.
                if (nowNanos - Math.max(oldest.atNanos(), lastReplyNanos) > net.responseTimeoutNanos()) conn.close();
                return;
            }
            // A large request (#24): seconds on the wire and on the peer's disk, and every
            // heartbeat and reply of this connection waits behind it. While its bytes move, and
            // then for the time the peer needs to store them, it is in transit, not lost.
            long since = Math.max(oldest.atNanos(), largeMovedNanos);
            if (nowNanos - since > net.responseTimeoutNanos() + storeAllowanceNanos(oldest.bytes())) {
                conn.close();
            } else {
                inTransit.run();
            }
        }
    }

    /** Unanswered bytes below which a request over the link's budget is still sent. */
    private static final long SMALL_BACKLOG_BYTES = 1 << 20;
    /** Requests from this size on are written in pieces and judged by their progress. */
    static final long LARGE_REQUEST_BYTES = 1 << 20;
    /** The slowest rate at which a peer is expected to store a large request, once it has all of it. */
    private static final long STORE_BYTES_PER_SECOND = 64L << 20;

    private static long storeAllowanceNanos(long bytes) {
        return bytes * 1_000_000_000L / STORE_BYTES_PER_SECOND;
    }

    void close() {
        closed = true;
        if (conn != null) conn.close();
    }

    @Override
    public void connected(RespConnection c) {
        if (closed) {
            c.close();
            return;
        }
        conn = c;
        state = State.CONNECTED;
        connOks++;
        lastConnectedNanos = System.nanoTime();
        pending.clear();
        unansweredBytes = 0;
        largeBytesSeen = 0;
        largeMovedNanos = lastConnectedNanos;
        lastReplyNanos = lastConnectedNanos;
        // RedisRaft authenticates every internode connection, even with the default user.
        pending.add(new Sent(null, System.nanoTime(), 0, "AUTH"));
        c.send(net.clusterAuth());
        // Then say which node of which cluster speaks: the peer refuses Raft RPCs from anything else.
        pending.add(new Sent(null, System.nanoTime(), 0, "RAFT.PEER"));
        c.send(new byte[][] {bytes("RAFT.PEER"), bytes(net.dbid()), bytes(Integer.toString(net.selfId()))});
    }

    @Override
    public void connectFailed(RespConnection c, Throwable cause) {
        state = State.CONNECT_ERROR;
        connErrors++;
    }

    @Override
    public void reply(RespConnection c, Object reply) {
        if (c != conn) return;
        Sent s = pending.poll();
        if (s == null) return;
        lastReplyNanos = System.nanoTime();
        unansweredBytes -= s.bytes();
        if (s.handshake() != null) {
            if (reply instanceof ReplyDecoder.RespError e) {
                if (!s.handshake().equals(lastRefusal)) {
                    log.warn("Peer {} at {}:{} refused {}: {}", id, host, port, s.handshake(), e.message());
                }
                lastRefusal = s.handshake();
                connErrors++;
                c.close();
            } else if (s.handshake().equals("RAFT.PEER")) {
                lastRefusal = null;
            }
            return;
        }
        RaftMessage response = RaftWire.parseResponse(s.request(), reply);
        if (response != null) deliver.accept(response);
    }

    @Override
    public void closed(RespConnection c) {
        if (c != conn) return;
        conn = null;
        pending.clear();
        unansweredBytes = 0;
        state = State.DISCONNECTED;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
