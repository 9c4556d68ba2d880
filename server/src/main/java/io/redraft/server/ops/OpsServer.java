package io.redraft.server.ops;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.node.NodeThread;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations listener ({@code metrics-port}): {@code /metrics}, {@code /healthz},
 * {@code /readyz}, the status page {@code /} and {@code /status.json}, over HTTP/1.1 with Netty's
 * codec. It runs on an event loop of its own, so writing a scrape never takes the node thread's
 * time; what it reports about the node it gets from a {@link Sampler} task on the node thread.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    /** A node thread that does not take the sample in this long is reported, not waited for. */
    static final long SAMPLE_TIMEOUT_MS = 2000;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Sampler sampler;
    private final NodeFamilies families;
    private final Metrics metrics;
    private final ServerConfig config;
    private final byte[] page;
    private final Channel listener;

    private OpsServer(ServerConfig config, NodeThread node, RaftRuntime raft, Metrics metrics) throws InterruptedException {
        this.config = config;
        this.sampler = new Sampler(node, raft, metrics);
        this.families = new NodeFamilies(metrics);
        this.metrics = metrics;
        this.page = resource("status.html");
        String bind = config.metricsBind();
        boolean any = bind.equals("*") || bind.equals("0.0.0.0");
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024), new Handler());
                    }
                });
        try {
            listener = (any ? b.bind(config.metricsPort()) : b.bind(bind, config.metricsPort())).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        log.info("Operations listener on {}:{} (/metrics /healthz /readyz /status.json /)", bind, port());
    }

    /** Starts the listener when {@code metrics-port} is set; null otherwise. */
    public static OpsServer startIfConfigured(ServerConfig config, NodeThread node, RaftRuntime raft)
            throws InterruptedException {
        if (config.metricsPort() == 0) return null;
        return new OpsServer(config, node, raft, node.context().metrics);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.method().equals(HttpMethod.GET)) {
                reply(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", text("only GET\n"));
                return;
            }
            String path = req.uri();
            int q = path.indexOf('?');
            if (q >= 0) path = path.substring(0, q);
            String accept = req.headers().get(HttpHeaderNames.ACCEPT, "");
            switch (path) {
                // The process serves: that is all liveness means, so the node thread is not asked.
                case "/healthz" -> reply(ctx, keepAlive, HttpResponseStatus.OK, "text/plain; charset=utf-8", text("ok\n"));
                case "/readyz" -> withSample(ctx, keepAlive, s -> {
                    Readiness r = Readiness.of(s, config.metricsReadyMaxLag());
                    return new Response(r.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "text/plain; charset=utf-8", text(r.reason() + "\n"));
                });
                case "/metrics" -> withSample(ctx, keepAlive, s -> {
                    try {
                        NodeFamilies.Exposition e = families.write(s, accept);
                        return new Response(HttpResponseStatus.OK, e.contentType(), e.body());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                case "/status.json" -> withSample(ctx, keepAlive, s -> new Response(HttpResponseStatus.OK,
                        "application/json", text(StatusJson.render(s, Readiness.of(s, config.metricsReadyMaxLag()),
                                metrics.commandLatencyBuckets()))));
                case "/", "/index.html" -> reply(ctx, keepAlive, HttpResponseStatus.OK, "text/html; charset=utf-8", page);
                default -> reply(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", text("not found\n"));
            }
        }

        /** Asks the node thread for a sample; renders it back on this channel's loop, never on the node thread. */
        private void withSample(ChannelHandlerContext ctx, boolean keepAlive, Function<NodeSample, Response> render) {
            CompletableFuture<NodeSample> f = sampler.request().orTimeout(SAMPLE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            f.whenCompleteAsync((s, err) -> {
                if (err != null) {
                    reply(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                            text("the node thread did not answer within " + SAMPLE_TIMEOUT_MS + " ms\n"));
                    return;
                }
                Response r;
                try {
                    r = render.apply(s);
                } catch (RuntimeException e) {
                    log.warn("Operations listener failed to render a response", e);
                    r = new Response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", text("internal error\n"));
                }
                reply(ctx, keepAlive, r.status(), r.contentType(), r.body());
            }, ctx.executor());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private record Response(HttpResponseStatus status, String contentType, byte[] body) {}

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        resp.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        resp.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (keepAlive) resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        var f = ctx.writeAndFlush(resp);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }
}
