package io.redraft.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.redraft.resp.ProtocolException;
import io.redraft.resp.RequestDecoder;
import io.redraft.resp.RequestLimits;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.Inbound;
import io.redraft.server.node.NodeThread;
import java.nio.ByteBuffer;

/**
 * A client connection on its event loop: decodes requests and hands them to the node thread.
 *
 * <p>Back-pressure: when {@link ClientSession#HIGH_WATER} requests wait for the node, decoding
 * pauses, the undecoded rest of the input is held and auto-read is switched off; the node resumes
 * the connection once it has answered down to {@link ClientSession#LOW_WATER}. A client that has
 * not authenticated yet is decoded one request at a time, so that an AUTH pipelined before a
 * large request lifts Redis's pre-AUTH limits exactly as it does in Redis.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final NodeThread node;
    private final RequestDecoder decoder;
    private ClientSession session;
    private ByteBuf held;
    private boolean broken;
    /** When the node last heard that a large request is arriving on this connection (#24). */
    private long progressReportedNanos;

    ClientHandler(NodeThread node, RequestLimits limits) {
        this.node = node;
        this.decoder = new RequestDecoder(limits, node.chunkArrays());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = node.newSession(ctx.channel());
        session.onResume(() -> ctx.channel().eventLoop().execute(() -> resume(ctx)));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (broken) {
            in.release();
            return;
        }
        // Midway through a request of megabytes, one read may allocate its whole buffer (hundreds
        // of MB): time the heartbeat keeper must see as the node being busy (#24).
        boolean marked = !decoder.idle() && decoder.pendingBytes() >= LARGE_REQUEST_BYTES && node.markIoTurn();
        try {
            hold(ctx, in);
        } finally {
            if (marked) node.endIoTurn();
        }
    }

    private void hold(ChannelHandlerContext ctx, ByteBuf in) {
        if (held == null) {
            held = in;
        } else {
            ByteBuf merged = ctx.alloc().buffer(held.readableBytes() + in.readableBytes());
            merged.writeBytes(held).writeBytes(in);
            held.release();
            in.release();
            held = merged;
        }
        decodeHeld(ctx);
    }

    /** Decodes what is held until it runs out or the node is too far behind; true if it stopped for the latter. */
    private boolean decodeHeld(ChannelHandlerContext ctx) {
        if (held == null) return false;
        ByteBuffer nio = held.nioBuffer();
        int start = nio.position();
        boolean queued = false;
        boolean stopped = false;
        try {
            while (nio.hasRemaining()) {
                if (paused()) {
                    stopped = true;
                    break;
                }
                decoder.authRequired(!session.authenticated());
                decoder.peerLink(session.peerLink());
                byte[][] argv = decoder.next(nio);
                if (argv == null) break;
                var busy = node.busyScripts;
                byte[] refused = busy == null ? null : busy.intercept(session, argv);
                if (refused != null) { // a script is busy on the node thread: answered here (BusyScripts)
                    ctx.executor().execute(() -> ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(refused)));
                    continue;
                }
                session.inflight.incrementAndGet();
                // Classified here, once: the node and the Raft glue read the route from now on.
                node.offer(new Inbound.Request(session, ClientRequest.decoded(argv)));
                queued = true;
            }
        } catch (ProtocolException e) {
            if (queued) NodeWakeup.schedule(ctx.executor(), node);
            broken = true;
            node.submit(new Inbound.ProtocolError(session, e.silent() ? null : e.errorLine()));
            ctx.channel().config().setAutoRead(false);
            held.release();
            held = null;
            return false;
        }
        if (queued) NodeWakeup.schedule(ctx.executor(), node);
        reportLargeRequestProgress();
        held.skipBytes(nio.position() - start);
        if (!held.isReadable()) {
            held.release();
            held = null;
        }
        // Decided by why the loop stopped, not by a second look at paused(): the node may answer
        // in between, and then neither would it resume us (no flag yet) nor would anything decode
        // the requests still held once the client has sent its last bytes (a stalled connection).
        if (stopped || paused()) {
            ctx.channel().config().setAutoRead(false);
            session.readingPaused = true;
            node.outputGate.readingPaused(session); // a paused reader must not wait for its output to drain
            // The node may have answered between the check and the flag: look again.
            if (!paused()) ctx.executor().execute(() -> resume(ctx));
            return true;
        }
        return false;
    }

    /**
     * A request of megabytes is still arriving (a peer's large AppendEntries takes seconds): the
     * node hears of it every {@value #PROGRESS_REPORT_MILLIS} ms, so that a follower does not take
     * its leader for dead while the leader's message is on its way.
     */
    private void reportLargeRequestProgress() {
        if (decoder.idle() || decoder.pendingBytes() < LARGE_REQUEST_BYTES) return;
        long now = System.nanoTime();
        if (now - progressReportedNanos < PROGRESS_REPORT_MILLIS * 1_000_000L) return;
        progressReportedNanos = now;
        ClientSession s = session;
        node.execute(() -> node.largeRequestProgress.accept(s));
    }

    private static final long LARGE_REQUEST_BYTES = 1 << 20;
    private static final long PROGRESS_REPORT_MILLIS = 50;

    private boolean paused() {
        int n = session.inflight.get();
        return n >= ClientSession.HIGH_WATER || (n > 0 && !session.authenticated());
    }

    private void resume(ChannelHandlerContext ctx) {
        if (broken) return;
        session.readingPaused = false;
        if (!decodeHeld(ctx) && !broken) ctx.channel().config().setAutoRead(true);
    }

    /** Replies held for this connection's unsent output (OutputGate) go on once Netty has sent most of it. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null && ctx.channel().isWritable()) node.outputGate.writable(session);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
        }
        if (session != null) node.submit(new Inbound.Disconnected(session));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection resets are routine; the node learns of the close through channelInactive.
        ctx.close();
    }
}
