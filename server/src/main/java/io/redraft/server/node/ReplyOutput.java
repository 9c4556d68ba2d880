package io.redraft.server.node;

import io.netty.channel.ChannelFutureListener;
import io.redraft.resp.ReplySink;
import java.util.ArrayList;
import java.util.List;

/**
 * Where replies go on the node thread: each session writes into its own buffer in request order,
 * and every session that got replies during a turn is flushed once at its end (one write and one
 * flush per connection per turn, however many requests it pipelined). Node thread only.
 */
final class ReplyOutput {
    private final List<ClientSession> touched = new ArrayList<>();
    /** Work to run once the replies written so far are handed to the network. */
    private final List<Runnable> afterFlush = new ArrayList<>();
    private final OutputLimits limits;
    private final OutputGate gate;

    ReplyOutput(OutputLimits limits, OutputGate gate) {
        this.limits = limits;
        this.gate = gate;
    }

    OutputLimits limits() {
        return limits;
    }

    ReplySink sink(ClientSession s) {
        if (s.out == null) {
            s.out = s.channel.alloc().buffer(256);
            s.output.target(s.out);
        }
        s.sink.setProtocol(s.protocol);
        if (!s.touched) {
            s.touched = true;
            touched.add(s);
        }
        // CLIENT REPLY OFF / SKIP: the reply is written nowhere.
        if (s.replyMode != ClientAdmin.ON && s.replyMode != ClientAdmin.SKIP_NEXT) return ClientAdmin.muted(s);
        return s.sink;
    }

    void rawReply(ClientSession s, byte[] resp) {
        sink(s);
        if (s.replyMode == ClientAdmin.ON || s.replyMode == ClientAdmin.SKIP_NEXT) s.output.writeBytes(resp);
    }

    void runAfterFlush(Runnable r) {
        afterFlush.add(r);
    }

    void flush() {
        flushReplies();
        gate.afterFlush();
        if (afterFlush.isEmpty()) return;
        List<Runnable> run = new ArrayList<>(afterFlush);
        afterFlush.clear();
        run.forEach(Runnable::run);
    }

    private void flushReplies() {
        if (touched.isEmpty()) return;
        boolean limited = limits.refresh();
        long now = limited ? System.nanoTime() : 0;
        for (ClientSession s : touched) {
            s.touched = false;
            if (s.out != null && s.out.isReadable()) {
                if (s.closing()) {
                    s.channel.writeAndFlush(s.out).addListener(ChannelFutureListener.CLOSE);
                } else {
                    // No future to complete and notify per connection per turn: a failed write
                    // reaches the pipeline as an exception, which closes the connection.
                    s.channel.writeAndFlush(s.out, s.channel.voidPromise());
                }
            } else {
                if (s.out != null) s.out.release();
                if (s.closing()) s.channel.close();
            }
            s.out = null;
            if (limited) limits.check(s, now);
        }
        touched.clear();
    }
}
