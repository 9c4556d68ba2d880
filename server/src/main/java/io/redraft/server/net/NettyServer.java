package io.redraft.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.redraft.resp.RequestLimits;
import io.redraft.server.net.tls.Tls;
import io.redraft.server.node.NodeThread;
import io.redraft.server.ops.ByteCounter;
import java.net.InetSocketAddress;

/**
 * The listening side of the node: epoll when the native transport loads, NIO otherwise. Event
 * loops only decode and write; all state lives on the {@link NodeThread}.
 */
public final class NettyServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean epoll;
    private final java.util.List<Channel> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Tls tls;

    public NettyServer(int ioThreads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, factory);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads, factory);
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends SocketChannel> clientChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** TLS for the links this node opens ({@link RespConnection}); set before any link is opened. */
    public void tls(Tls tls) {
        this.tls = tls;
    }

    /**
     * A blocking socket to a peer, wrapped in TLS when internode links are encrypted: the heartbeat
     * keeper's links, which do not go through {@link RespConnection}.
     */
    public java.net.Socket secureLink(java.net.Socket plain, String host, int port) throws java.io.IOException {
        return tls != null && tls.linksEncrypted() ? tls.clientSocket(plain, host, port) : plain;
    }

    /** The node's TLS, or {@code null} when it has none. */
    public Tls tls() {
        return tls;
    }

    /** Binds and returns the port actually bound (useful when 0 asks for any free port). */
    public int bind(String host, int port, NodeThread node, RequestLimits limits) throws InterruptedException {
        return bind(host, port, node, limits, null);
    }

    /**
     * Binds the TLS port: each accepted connection starts with a handshake whose certificates are
     * those loaded when it arrives (CONFIG SET reloads them for later connections).
     */
    public int bindTls(String host, int port, NodeThread node, RequestLimits limits, Tls serverTls) throws InterruptedException {
        return bind(host, port, node, limits, serverTls);
    }

    private int bind(String host, int port, NodeThread node, RequestLimits limits, Tls serverTls) throws InterruptedException {
        var metrics = node.context().metrics;
        ByteCounter bytes = metrics.enabled() ? new ByteCounter(metrics) : null;
        Class<? extends ServerSocketChannel> cls = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(cls)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        TcpKeepalive.apply(ch, node.context().config.tcpKeepaliveSeconds());
                        // Only when someone reads the counts: the metrics listener is on.
                        if (bytes != null) ch.pipeline().addLast(bytes);
                        // The handshake comes before any request (the counter sees the bytes on the wire);
                        // garbage or plaintext fails it and SslHandler closes the channel.
                        if (serverTls != null) ch.pipeline().addLast("tls", serverTls.serverHandler(ch.alloc()));
                        ch.pipeline().addLast(new ClientHandler(node, limits));
                    }
                });
        Channel listener = (host == null ? b.bind(port) : b.bind(host, port)).sync().channel();
        listeners.add(listener);
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        for (Channel listener : listeners) listener.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        boss.terminationFuture().syncUninterruptibly();
        workers.terminationFuture().syncUninterruptibly();
    }
}
