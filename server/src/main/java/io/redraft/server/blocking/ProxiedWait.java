package io.redraft.server.blocking;

import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.net.RespConnection;
import io.redraft.server.node.ClientSession;
import java.util.List;
import java.util.function.Consumer;

/**
 * A blocking command of a follower's client, with {@code raft.follower-proxy yes}, sent to the
 * leader over a connection of its own (docs/blocking.md, "Followers and the proxy"): the shared
 * proxy link answers in request order, so a wait on it would hold every other proxied client up.
 * On the leader the connection is an ordinary blocked client; closing it is the client leaving,
 * whose popped element the leader puts back. Node thread only.
 */
final class ProxiedWait implements RespConnection.Listener {
    private final RaftRuntime rt;
    private final ClientSession session;
    private final byte[][] argv;
    private final BlockingKind kind;
    private final Consumer<ProxiedWait> ended;
    private RespConnection conn;
    private boolean authPending = true;
    private boolean finished;

    private ProxiedWait(RaftRuntime rt, ClientSession session, byte[][] argv, Consumer<ProxiedWait> ended) {
        this.rt = rt;
        this.session = session;
        this.argv = argv;
        this.kind = BlockingKind.of(argv);
        this.ended = ended;
    }

    /** Connects to {@code leaderAddress} (host:port) and sends the command; the client blocks until it ends. */
    static ProxiedWait start(RaftRuntime rt, ClientSession s, byte[][] argv, String leaderAddress, Consumer<ProxiedWait> ended) {
        ProxiedWait w = new ProxiedWait(rt, s, argv, ended);
        rt.node().block(s);
        int colon = leaderAddress.lastIndexOf(':');
        rt.peers().connect(leaderAddress.substring(0, colon), Integer.parseInt(leaderAddress.substring(colon + 1)), w);
        long timeout;
        try {
            timeout = w.kind.timeoutMillis(argv, rt.clock().millis());
        } catch (RuntimeException refused) {
            timeout = -1; // the leader answers the error at once
        }
        if (timeout > 0) {
            // The leader's clock decides the timeout; past it and a margin the leader is lost to us.
            rt.peers().later(timeout + rt.config().proxyResponseTimeoutMs(), () -> w.end(Ending.TIMEOUT));
        }
        return w;
    }

    ClientSession session() {
        return session;
    }

    private enum Ending { TIMEOUT, ERROR, UNBLOCKED, GONE }

    /** CLIENT UNBLOCK on this node: the wait ends as Redis ends it (a null reply, or the UNBLOCKED error). */
    void unblock(boolean error) {
        end(error ? Ending.ERROR : Ending.TIMEOUT);
    }

    /** The client left: the leader learns it from the connection closing. */
    void disconnected() {
        end(Ending.GONE);
    }

    @Override
    public void connected(RespConnection c) {
        if (finished) {
            c.close();
            return;
        }
        conn = c;
        c.send(rt.peers().clusterAuth());
        c.send(argv);
    }

    @Override
    public void connectFailed(RespConnection c, Throwable cause) {
        end(Ending.UNBLOCKED);
    }

    @Override
    public void reply(RespConnection c, Object reply) {
        if (c != conn || finished) return;
        if (authPending) {
            authPending = false;
            if (reply instanceof ReplyDecoder.RespError) {
                // The leader refuses our credentials, as the shared proxy link reports it.
                finish(() -> rt.node().sink(session).error("NOTLEADER Failed to proxy command"), false);
            }
            return;
        }
        boolean unblocked = reply instanceof ReplyDecoder.RespError e && e.message().startsWith("UNBLOCKED force");
        finish(() -> {
            ReplySink out = rt.node().sink(session);
            if (!relay(reply, out)) out.error("ERR bad reply from leader");
        }, unblocked);
    }

    @Override
    public void closed(RespConnection c) {
        if (c == conn) end(Ending.UNBLOCKED);
    }

    private void end(Ending why) {
        if (finished) return;
        finish(() -> {
            ReplySink out = rt.node().sink(session);
            switch (why) {
                case TIMEOUT -> out.nullArray();
                case ERROR -> out.error(BlockedClients.UNBLOCKED_BY_CLIENT);
                case UNBLOCKED -> out.error(BlockedClients.UNBLOCKED);
                case GONE -> { }
            }
        }, why == Ending.UNBLOCKED);
    }

    /**
     * Ends the wait once: the connection closes (on the leader, the client leaving), the reply is
     * written and the client runs on; an UNBLOCKED one is closed after it, as the leader closes its own.
     */
    private void finish(Runnable answer, boolean close) {
        if (finished) return;
        finished = true;
        if (conn != null) conn.close();
        ended.accept(this);
        if (session.isGone()) return;
        answer.run();
        if (close) rt.node().closeAfterReply(session);
        rt.node().complete(session);
    }

    /**
     * Writes the leader's RESP2 reply in the client's protocol. Every nil a wait answers is a
     * null array (Redis's timeout reply and XREADGROUP's deleted entry); in RESP3 a sorted-set
     * score is a double and XREAD's reply a map, which RESP2 flattens.
     */
    private boolean relay(Object r, ReplySink out) {
        if (!ReplyDecoder.relayable(r, 0)) return false;
        write(r, out, 0);
        return true;
    }

    private void write(Object r, ReplySink out, int depth) {
        if (depth == 0 && r instanceof List<?> l && !l.isEmpty()) {
            switch (kind) {
                case ZSET_POP -> {
                    // key, member, score
                    out.arrayHeader(l.size());
                    for (int i = 0; i < l.size(); i++) {
                        if (i == 2 && l.get(i) instanceof byte[] score) score(score, out);
                        else write(l.get(i), out, 1);
                    }
                    return;
                }
                case ZSET_MPOP -> {
                    // key, [[member, score]...]
                    if (l.size() == 2 && l.get(1) instanceof List<?> pairs) {
                        out.arrayHeader(2);
                        write(l.get(0), out, 1);
                        out.arrayHeader(pairs.size());
                        for (Object p : pairs) {
                            if (p instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof byte[] score) {
                                out.arrayHeader(2);
                                write(pair.get(0), out, 3);
                                score(score, out);
                            } else {
                                write(p, out, 2);
                            }
                        }
                        return;
                    }
                }
                case STREAM -> {
                    // [[key, entries]...] is a map of key to entries
                    if (out.protocol() == 3 && l.stream().allMatch(e -> e instanceof List<?> kv && kv.size() == 2)) {
                        out.mapHeader(l.size());
                        for (Object e : l) for (Object o : (List<?>) e) write(o, out, 2);
                        return;
                    }
                }
                default -> { }
            }
        }
        switch (r) {
            case null -> out.nullArray();
            case ReplyDecoder.Nil n -> out.nullArray();
            case String s -> out.status(s);
            case Long v -> out.integer(v);
            case byte[] b -> out.bulk(b);
            case ReplyDecoder.RespError e -> out.error(e.message());
            case List<?> l -> {
                out.arrayHeader(l.size());
                for (Object o : l) write(o, out, depth + 1);
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void score(byte[] text, ReplySink out) {
        out.doubleText(new String(text, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
