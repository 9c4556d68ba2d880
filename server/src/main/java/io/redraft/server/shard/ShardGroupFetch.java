package io.redraft.server.shard;

import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.net.RespConnection;
import io.redraft.server.peer.PeerNetwork;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Asks a node of another shard group for its group ({@code RAFT.SHARDGROUP GET}), authenticating
 * as the cluster user and following {@code -MOVED} to that group's leader, as RedisRaft's LINK and
 * refresh do. Ends with the group, or null when the node cannot be reached within the time allowed,
 * answers with an error, or is not a Redraft or RedisRaft node. Node thread only.
 */
public final class ShardGroupFetch implements RespConnection.Listener {
    /** Redirects followed before giving up: a group redirects once, to its leader. */
    private static final int MAX_REDIRECTS = 3;

    private final PeerNetwork net;
    private final long deadlineNanos;
    private final Consumer<ShardGroup> done;
    private RespConnection conn;
    private int repliesExpected;
    private int redirects;
    private boolean finished;
    /** Why it failed, for the log. */
    private String failure = "";

    private ShardGroupFetch(PeerNetwork net, long timeoutMs, Consumer<ShardGroup> done) {
        this.net = net;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
        this.done = done;
    }

    /** Starts the fetch from {@code address}; {@code done} runs once on the node thread. */
    public static ShardGroupFetch start(PeerNetwork net, ShardNode address, long timeoutMs, Consumer<ShardGroup> done) {
        ShardGroupFetch f = new ShardGroupFetch(net, timeoutMs, done);
        f.connect(address.host(), address.port());
        net.later(timeoutMs, () -> f.fail("no answer within " + timeoutMs + " ms"));
        return f;
    }

    public String failure() {
        return failure;
    }

    private void connect(String host, int port) {
        net.connect(host, port, this);
    }

    @Override
    public void connected(RespConnection c) {
        if (finished) {
            c.close();
            return;
        }
        conn = c;
        repliesExpected = 2;
        c.send(new byte[][] {b("AUTH"), b(net.clusterUser()), b(net.clusterPassword())});
        c.send(new byte[][] {b("RAFT.SHARDGROUP"), b("GET")});
    }

    @Override
    public void connectFailed(RespConnection c, Throwable cause) {
        fail("cannot connect: " + (cause == null ? "?" : cause.getMessage()));
    }

    @Override
    public void reply(RespConnection c, Object reply) {
        if (c != conn || finished) return;
        // The AUTH reply: a node without that user still answers GET when it needs no password.
        if (--repliesExpected == 1) return;
        if (reply instanceof ReplyDecoder.RespError e && e.message().startsWith("MOVED ") && redirects < MAX_REDIRECTS
                && System.nanoTime() - deadlineNanos < 0) {
            String[] parts = e.message().split(" ");
            ShardNode to = parts.length == 3 ? ShardNode.parse("0".repeat(ShardNode.ID_LENGTH), parts[2]) : null;
            if (to != null) {
                redirects++;
                conn = null;
                c.close();
                connect(to.host(), to.port());
                return;
            }
        }
        ShardGroup g = ShardGroupReply.read(reply);
        if (g == null) {
            fail(reply instanceof ReplyDecoder.RespError e ? "RAFT.SHARDGROUP GET failed: " + e.message()
                    : "not a shard group reply");
            return;
        }
        finish(g);
    }

    @Override
    public void closed(RespConnection c) {
        if (c == conn && !finished) fail("connection closed");
    }

    private void fail(String why) {
        if (finished) return;
        failure = why;
        finish(null);
    }

    private void finish(ShardGroup g) {
        if (finished) return;
        finished = true;
        if (conn != null) conn.close();
        done.accept(g);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
