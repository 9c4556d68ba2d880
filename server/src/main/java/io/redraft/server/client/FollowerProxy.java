package io.redraft.server.client;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.net.RespConnection;
import io.redraft.server.node.ClientSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * {@code raft.follower-proxy yes} (reference §7.4): a follower sends its clients' commands to the
 * leader as {@code RAFT.ENTRY <serialized request>} over one connection and relays the replies.
 * The link speaks RESP2; a reply that does not convert gives {@code -ERR bad reply from leader}.
 * While the link is being opened or authenticated (just after {@code CONFIG SET
 * raft.follower-proxy yes}, after a leader change, while the leader is unreachable) requests wait
 * for it, up to {@link #MAX_WAITING} of them and at most {@code proxy-response-timeout} each,
 * instead of failing: the first command after switching the proxy on must not be refused.
 * Node thread only.
 */
public final class FollowerProxy implements RespConnection.Listener {
    /**
     * Requests held while the link is down. Each client has at most one (it is blocked until its
     * reply), so this is a bound on clients that wait, not on memory per client.
     */
    static final int MAX_WAITING = 1024;

    private record Pending(ClientSession session, long atNanos) {}

    private record Waiting(ClientSession session, CommandBatch.Request request, long atNanos) {}

    private final RaftRuntime rt;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Requests not sent yet, oldest first; sent in order once the link is authenticated. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private RespConnection conn;
    private String connectedTo;
    private boolean connecting;
    private boolean authPending;
    private long reqs;
    private long failedReqs;
    private long failedResponses;

    public long reqs() { return reqs; }
    public long failedReqs() { return failedReqs; }
    public long failedResponses() { return failedResponses; }

    public FollowerProxy(RaftRuntime rt) {
        this.rt = rt;
    }

    public int outstanding() {
        return pending.size() + waiting.size();
    }

    /** Forwards one client request; the client stays blocked until the leader's reply is relayed. */
    void forward(ClientSession s, CommandBatch.Request request, String leaderAddress, ReplySink out) {
        if (!leaderAddress.equals(connectedTo)) {
            reset("TIMEOUT no reply from leader");
            open(leaderAddress);
        }
        if (conn == null || authPending || !waiting.isEmpty()) {
            if (waiting.size() >= MAX_WAITING) {
                failedReqs++;
                out.error("NOTLEADER Failed to proxy command");
                return;
            }
            waiting.add(new Waiting(s, request, System.nanoTime()));
        } else {
            send(s, request);
        }
        rt.node().block(s);
    }

    private void send(ClientSession s, CommandBatch.Request request) {
        byte[] entry = new CommandBatch(0, 0, List.of(request)).encode();
        conn.send(new byte[][] {"RAFT.ENTRY".getBytes(StandardCharsets.US_ASCII), entry});
        pending.add(new Pending(s, System.nanoTime()));
        reqs++;
    }

    /** Keeps the link to the current leader open; drops it when a reply is overdue. */
    public void tick(String leaderAddress) {
        if (leaderAddress != null && !leaderAddress.equals(connectedTo)) {
            reset("TIMEOUT no reply from leader");
            open(leaderAddress);
        }
        long timeout = rt.config().proxyResponseTimeoutMs() * 1_000_000L;
        long now = System.nanoTime();
        if (!pending.isEmpty() && now - pending.peek().atNanos() > timeout) {
            reset("TIMEOUT no reply from leader");
        }
        while (!waiting.isEmpty() && now - waiting.peek().atNanos() > timeout) {
            fail(waiting.poll().session(), "TIMEOUT no reply from leader");
        }
    }

    /**
     * This node no longer proxies (it leads, or the proxy was switched off): requests that were
     * never sent fail; the client may send them again and they are served or redirected.
     */
    public void abandon() {
        while (!waiting.isEmpty()) fail(waiting.poll().session(), "NOTLEADER Failed to proxy command");
    }

    private void fail(ClientSession s, String error) {
        failedReqs++;
        rt.node().sink(s).error(error);
        rt.node().complete(s);
    }

    /** The link is authenticated: what waited for it goes out, in arrival order. */
    private void flush() {
        while (!waiting.isEmpty()) {
            Waiting w = waiting.poll();
            if (w.session().isGone()) rt.node().complete(w.session()); // nobody to answer: never sent
            else send(w.session(), w.request());
        }
    }

    private void open(String address) {
        if (connecting) return;
        connectedTo = address;
        connecting = true;
        int colon = address.lastIndexOf(':');
        rt.peers().connect(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), this);
    }

    private void reset(String error) {
        for (Pending p : pending) {
            failedResponses++;
            rt.node().sink(p.session()).error(error);
            rt.node().complete(p.session());
        }
        pending.clear();
        if (conn != null) conn.close();
        conn = null;
        connectedTo = null;
    }

    @Override
    public void connected(RespConnection c) {
        connecting = false;
        if (connectedTo == null) {
            c.close();
            return;
        }
        conn = c;
        authPending = true;
        c.send(new byte[][] {bytes("AUTH"), bytes(rt.config().clusterUser()), bytes(rt.config().clusterPassword())});
    }

    @Override
    public void connectFailed(RespConnection c, Throwable cause) {
        connecting = false;
        connectedTo = null;
    }

    @Override
    public void reply(RespConnection c, Object reply) {
        if (c != conn) return;
        if (authPending) {
            authPending = false;
            if (reply instanceof ReplyDecoder.RespError) {
                reset("NOTLEADER Failed to proxy command");
                abandon(); // the leader refuses our credentials: waiting longer does not help
            } else {
                flush();
            }
            return;
        }
        Pending p = pending.poll();
        if (p == null) return;
        ReplySink out = rt.node().sink(p.session());
        if (!relay(reply, out, 0)) {
            failedResponses++;
            out.error("ERR bad reply from leader");
        }
        rt.node().complete(p.session());
    }

    @Override
    public void closed(RespConnection c) {
        if (c != conn) return;
        conn = null;
        reset("TIMEOUT no reply from leader");
    }

    /** Writes a RESP2 reply through; false (nothing written) when it has a shape we cannot relay. */
    private static boolean relay(Object r, ReplySink out, int depth) {
        if (!ReplyDecoder.relayable(r, depth)) return false;
        write(r, out);
        return true;
    }

    private static void write(Object r, ReplySink out) {
        switch (r) {
            case null -> out.nullBulk();
            case ReplyDecoder.Nil n -> out.nullBulk();
            case String s -> out.status(s);
            case Long l -> out.integer(l);
            case byte[] b -> out.bulk(b);
            case ReplyDecoder.RespError e -> out.error(e.message());
            case List<?> l -> {
                out.arrayHeader(l.size());
                for (Object o : l) write(o, out);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
