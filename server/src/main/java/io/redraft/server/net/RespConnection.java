package io.redraft.server.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.redraft.server.net.tls.Tls;
import io.redraft.server.node.Inbound;
import io.redraft.server.node.NodeThread;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An outgoing RESP connection to another node (a Raft peer, or the node a JOIN asks). Every
 * callback runs on the node thread, so the caller needs no locks.
 */
public final class RespConnection {
    /** Callbacks, all on the node thread. */
    public interface Listener {
        void connected(RespConnection c);

        void connectFailed(RespConnection c, Throwable cause);

        /** One reply, in request order: String, Long, byte[], List, {@link ReplyDecoder.RespError} or {@link ReplyDecoder.Nil}. */
        void reply(RespConnection c, Object reply);

        void closed(RespConnection c);
    }

    private final Channel channel;
    /** Bytes of large commands handed to the socket so far (read by the node thread for progress). */
    private final AtomicLong largeBytesWritten = new AtomicLong();

    private RespConnection(Channel channel) {
        this.channel = channel;
    }

    /** Starts connecting; exactly one of connected/connectFailed follows, then replies and closed. */
    public static void open(NettyServer net, String host, int port, int connectTimeoutMs, NodeThread node, Listener l) {
        Bootstrap b = new Bootstrap()
                .group(net.workers())
                .channel(net.clientChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Tls tls = net.tls();
                        // raft.tls-enabled: every link to another node is TLS, with our client certificate.
                        if (tls != null && tls.linksEncrypted()) ch.pipeline().addLast("tls", tls.clientHandler(ch.alloc(), host, port));
                        // Large commands are written piece by piece as the socket takes them (ChunkedCommand).
                        ch.pipeline().addLast(new ChunkedWriteHandler());
                        ch.pipeline().addLast(new ReplyDecoder(), new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                RespConnection c = connectionOf(ctx.channel());
                                node.offer(new Inbound.Task(() -> l.reply(c, msg)));
                                NodeWakeup.schedule(ctx.executor(), node);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                RespConnection c = connectionOf(ctx.channel());
                                node.execute(() -> l.closed(c));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        b.connect(host, port).addListener(f -> {
            if (f.isSuccess()) {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                RespConnection c = connectionOf(ch);
                node.execute(() -> l.connected(c));
            } else {
                node.execute(() -> l.connectFailed(null, f.cause()));
            }
        });
    }

    private static final io.netty.util.AttributeKey<RespConnection> KEY = io.netty.util.AttributeKey.valueOf("redraft.conn");

    private static RespConnection connectionOf(Channel ch) {
        RespConnection c = ch.attr(KEY).get();
        if (c == null) {
            c = new RespConnection(ch);
            RespConnection prev = ch.attr(KEY).setIfAbsent(c);
            if (prev != null) c = prev;
        }
        return c;
    }

    /**
     * Sends one command (flushed at once; Netty coalesces writes issued in one event-loop turn).
     * A command of {@value ChunkedCommand#LARGE} bytes or more (a peer's AppendEntries with a large
     * entry) is not copied whole into one buffer: it goes out in pieces as the socket takes them,
     * straight from the caller's arrays, which must not change meanwhile.
     */
    public void send(byte[][] argv) {
        long size = 16;
        for (byte[] a : argv) size += a.length + 16;
        if (size >= ChunkedCommand.LARGE) {
            channel.writeAndFlush(new ChunkedCommand(argv, largeBytesWritten));
            return;
        }
        ByteBuf buf = channel.alloc().buffer((int) size);
        buf.writeByte('*').writeCharSequence(Integer.toString(argv.length), StandardCharsets.US_ASCII);
        buf.writeByte('\r').writeByte('\n');
        for (byte[] a : argv) {
            buf.writeByte('$').writeCharSequence(Integer.toString(a.length), StandardCharsets.US_ASCII);
            buf.writeByte('\r').writeByte('\n');
            buf.writeBytes(a);
            buf.writeByte('\r').writeByte('\n');
        }
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    /** Bytes of large commands handed to the socket on this connection so far: they move while the peer takes them in. */
    public long largeBytesWritten() {
        return largeBytesWritten.get();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public void close() {
        channel.close();
    }

    /** Runs {@code action} with this connection when it is not null (helper for listeners). */
    public static void ifPresent(RespConnection c, Consumer<RespConnection> action) {
        if (c != null) action.accept(c);
    }
}
