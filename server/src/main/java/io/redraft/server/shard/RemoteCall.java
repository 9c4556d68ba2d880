package io.redraft.server.shard;

import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.net.RespConnection;
import io.redraft.server.peer.PeerNetwork;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One command sent to another shard group, as RedisRaft's LINK, refresh and migration send them:
 * authenticated as the cluster user, following {@code -MOVED} to that group's leader, within a time
 * limit. Ends with the reply (an error reply included), or a {@link Failed} when no reply came.
 * Node thread only.
 */
public final class RemoteCall implements RespConnection.Listener {
    /** Redirects followed before giving up: a group redirects once, to its leader. */
    private static final int MAX_REDIRECTS = 3;

    /** No reply: the node could not be reached, closed the connection, or the time ran out. */
    public record Failed(String why) {}

    private final PeerNetwork net;
    private final byte[][] command;
    private final long deadlineNanos;
    private final Consumer<Object> done;
    private RespConnection conn;
    private int repliesExpected;
    private int redirects;
    private boolean finished;

    private RemoteCall(PeerNetwork net, byte[][] command, long timeoutMs, Consumer<Object> done) {
        this.net = net;
        this.command = command;
        this.deadlineNanos = System.nanoTime() + timeoutMs * 1_000_000L;
        this.done = done;
    }

    /** Sends {@code command} to {@code to}; {@code done} runs once, on the node thread. */
    public static void start(PeerNetwork net, ShardNode to, byte[][] command, long timeoutMs, Consumer<Object> done) {
        RemoteCall call = new RemoteCall(net, command, timeoutMs, done);
        net.connect(to.host(), to.port(), call);
        net.later(timeoutMs, () -> call.finish(new Failed("no answer within " + timeoutMs + " ms")));
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
        c.send(command);
    }

    @Override
    public void connectFailed(RespConnection c, Throwable cause) {
        finish(new Failed("cannot connect: " + (cause == null ? "?" : cause.getMessage())));
    }

    @Override
    public void reply(RespConnection c, Object reply) {
        if (c != conn || finished) return;
        // The AUTH reply: a node without that user still answers when it needs no password.
        if (--repliesExpected == 1) return;
        if (reply instanceof ReplyDecoder.RespError e && e.message().startsWith("MOVED ") && redirects < MAX_REDIRECTS
                && System.nanoTime() - deadlineNanos < 0) {
            String[] parts = e.message().split(" ");
            ShardNode to = parts.length == 3 ? ShardNode.parse("0".repeat(ShardNode.ID_LENGTH), parts[2]) : null;
            if (to != null) {
                redirects++;
                conn = null;
                c.close();
                net.connect(to.host(), to.port(), this);
                return;
            }
        }
        finish(reply);
    }

    @Override
    public void closed(RespConnection c) {
        if (c == conn && !finished) finish(new Failed("connection closed"));
    }

    private void finish(Object outcome) {
        if (finished) return;
        finished = true;
        if (conn != null) conn.close();
        done.accept(outcome);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
