package io.redraft.server.admin;

import io.redraft.server.log.LogSetup;
import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.net.RespConnection;
import io.redraft.server.peer.PeerNetwork;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * RAFT.CLUSTER JOIN: asks the given nodes in turn to {@code RAFT.NODE ADD} us, following
 * {@code -MOVED} to the leader, until one answers {@code *2 :id +dbid}, the addresses run out,
 * or {@code join-timeout} passes. The timeout only ends retries: every address given, and every
 * leader a redirect names, is asked at least once, so a timeout shorter than a round trip does
 * not give up before following the redirect. Node thread only.
 */
final class Joiner implements RespConnection.Listener {
    private static final Logger log = LogSetup.raft("join");

    /** How the attempt ended: the id and cluster we were given, or null on failure. */
    record Joined(int nodeId, String dbid) {}

    private final PeerNetwork net;
    private final Deque<String> addresses;
    /** Addresses asked already: after the deadline only those not asked yet are tried. */
    private final Set<String> asked = new HashSet<>();
    private final int requestedId;
    private final String myAddress;
    private final long deadlineNanos;
    private final Consumer<Joined> done;
    private RespConnection conn;
    private int repliesExpected;
    private String current;
    private boolean finished;

    Joiner(PeerNetwork net, List<String> addresses, int requestedId, String myAddress, long timeoutMs, Consumer<Joined> done) {
        this.net = net;
        this.addresses = new ArrayDeque<>(addresses);
        this.requestedId = requestedId;
        this.myAddress = myAddress;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
        this.done = done;
    }

    void start() {
        next();
    }

    private void next() {
        if (finished) return;
        if (conn != null) {
            conn.close();
            conn = null;
        }
        if (System.nanoTime() - deadlineNanos > 0) addresses.removeIf(asked::contains);
        if (addresses.isEmpty()) {
            finish(null);
            return;
        }
        String addr = addresses.poll();
        asked.add(addr);
        current = addr;
        int colon = addr.lastIndexOf(':');
        log.info("Joining cluster through {}", addr);
        net.connect(addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1)), this);
    }

    private void finish(Joined result) {
        if (finished) return;
        finished = true;
        if (conn != null) conn.close();
        done.accept(result);
    }

    @Override
    public void connected(RespConnection c) {
        if (finished) {
            c.close();
            return;
        }
        conn = c;
        repliesExpected = 2;
        c.send(net.clusterAuth());
        c.send(new byte[][] {b("RAFT.NODE"), b("ADD"), b(Integer.toString(requestedId)), b(myAddress)});
    }

    @Override
    public void connectFailed(RespConnection c, Throwable cause) {
        log.warn("Join: failed to connect: {}", cause == null ? "?" : cause.getMessage());
        next();
    }

    @Override
    public void reply(RespConnection c, Object reply) {
        if (c != conn || finished) return;
        if (--repliesExpected == 1) {
            if (reply instanceof ReplyDecoder.RespError e) {
                log.warn("Join: AUTH refused: {}", e.message());
                next();
            }
            return;
        }
        if (reply instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Long id && l.get(1) instanceof String dbid) {
            finish(new Joined(id.intValue(), dbid));
            return;
        }
        if (reply instanceof ReplyDecoder.RespError e) {
            String msg = e.message();
            if (msg.startsWith("MOVED ")) {
                String[] parts = msg.split(" ");
                if (parts.length == 3) addresses.addFirst(parts[2]);
            } else if (msg.startsWith("CLUSTERDOWN") || msg.startsWith("NOCLUSTER") || msg.equals("ERR try again")
                    || msg.startsWith("ERR one voting change only") || msg.startsWith("LOADING")) {
                // The cluster is electing, busy with another change, or this node is loading a
                // snapshot: ask it again shortly (the other addresses are tried meanwhile).
                log.info("Join: {} answered {}; retrying", current, msg);
                addresses.addLast(current);
                conn.close();
                conn = null;
                net.later(net.reconnectIntervalMs(), this::next);
                return;
            } else {
                log.warn("Join: RAFT.NODE ADD failed: {}", msg);
            }
        }
        next();
    }

    @Override
    public void closed(RespConnection c) {
        if (c == conn && !finished && repliesExpected > 0) {
            conn = null;
            next();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
