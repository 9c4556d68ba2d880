package io.redraft.server;

import io.redraft.resp.RequestLimits;
import io.redraft.server.net.NettyServer;
import io.redraft.server.net.tls.Tls;
import io.redraft.server.net.tls.TlsFailed;
import io.redraft.server.node.CommandRouter;
import io.redraft.server.node.NodeContext;
import io.redraft.server.node.NodeThread;
import io.redraft.server.ops.OpsServer;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.cluster.RaftRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One Redraft node: the network layer and the node thread. Start, use, close. */
public final class RedraftServer implements AutoCloseable {
    private final NodeContext ctx;
    private final NodeThread node;
    private final NettyServer net;
    private final RaftRuntime raft;
    private final int port;
    /** The operations listener (metrics, probes, status page), or null when metrics-port is 0. */
    private final OpsServer ops;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private RedraftServer(ServerConfig config) throws InterruptedException {
        // Certificates first: a node that cannot encrypt must not start, let alone join.
        if (config.tlsEnabled() && config.tlsPort() == 0) {
            throw new TlsFailed("raft.tls-enabled is yes but tls-port is 0: the other nodes connect to this one with TLS, set tls-port");
        }
        Tls tls = Tls.load(config);
        this.ctx = new NodeContext(config);
        io.redraft.server.node.HeapGovernor.startOnce(); // the process's first node starts it
        try {
            ctx.acl.loadAtStartup(config.userDirectives());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        ctx.onShutdown = () -> new Thread(this::close, "redraft-shutdown-command").start();
        this.node = new NodeThread(ctx);
        // Redis's io-threads (default 1) sizes the event loops: on the 2-core machines we measure on,
        // one loop beside the node and log threads beat two (-P 1: SET +15%, GET +15-25%; bench/cluster.sh).
        this.net = new NettyServer((int) config.number("io-threads"));
        net.tls(tls);
        CommandRouter router = new CommandRouter(node, null);
        this.raft = new RaftRuntime(node, router, net);
        router.role(raft);
        try {
            raft.recover();
        } catch (IOException e) {
            net.close();
            throw new UncheckedIOException("cannot open the Raft log: " + e.getMessage(), e);
        }
        node.start(router, net.workers().next());
        RequestLimits limits = RequestLimits.REDIS_DEFAULTS
                .withMaxBulkLen(config.protoMaxBulkLen())
                .withQueryBufferLimit(config.clientQueryBufferLimit());
        // Redis's default "* -::*" means every interface; otherwise the first address is used.
        String first = config.bind().isEmpty() ? "*" : config.bind().get(0);
        String host = first.startsWith("*") || first.startsWith("-") ? null : first;
        // As Redis: port 0 with a tls-port serves TLS only; port 0 alone still means "any free port" here.
        int tlsPort = config.tlsPort();
        boolean plain = config.port() != 0 || tlsPort == 0;
        int bound = 0;
        if (plain) bound = listen(host, config.port(), "tcp", () -> net.bind(host, config.port(), node, limits));
        if (tlsPort != 0) {
            int t = listen(host, tlsPort, "tls", () -> net.bindTls(host, tlsPort, node, limits, tls));
            if (!plain) bound = t;
        }
        this.port = bound;
        ctx.boundPort = port;
        try {
            this.ops = OpsServer.startIfConfigured(config, node, raft);
        } catch (Exception e) {
            close();
            if (e instanceof InterruptedException ie) throw ie;
            throw new ListenFailed("Could not create the operations listener " + config.metricsBind() + ":"
                    + config.metricsPort() + ": " + bindFailure(e), e);
        }
    }

    private interface Bind {
        int bind() throws InterruptedException;
    }

    private int listen(String host, int port, String kind, Bind bind) throws InterruptedException {
        try {
            return bind.bind();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked-style
            node.stop();
            raft.close();
            net.close();
            if (e instanceof InterruptedException ie) throw ie;
            // Redis's words, so that scripts watching for them work unchanged.
            throw new ListenFailed("Could not create server TCP listening socket "
                    + (host == null ? "*" : host) + ":" + port + ": " + bindFailure(e)
                    + ". Failed listening on port " + port + " (" + kind + "), aborting.", e);
        }
    }

    /** The port could not be bound: one line says why, as Redis says it; no stack trace is of use. */
    public static final class ListenFailed extends IllegalStateException {
        ListenFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String bindFailure(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Address already in use") ? "bind: Address already in use" : m;
    }

    public static RedraftServer start(ServerConfig config) throws InterruptedException {
        return new RedraftServer(config);
    }

    /** What to do when the Raft log cannot be written any more (Main exits with status 1). */
    public void onFatal(Runnable r) {
        raft.onFatal(r);
    }

    /** What SHUTDOWN does once its client's replies are sent (by default: {@link #close}). */
    public void onShutdown(Runnable r) {
        ctx.onShutdown = r;
    }

    /** What to do when the cluster removes this node (Main exits, as RedisRaft shuts down). */
    public void onRemoved(Runnable r) {
        raft.onRemoved(r);
    }

    /** The event loops serving connections ({@code io-threads}). */
    public int ioThreads() {
        return ((io.netty.util.concurrent.MultithreadEventExecutorGroup) net.workers()).executorCount();
    }

    /** The plain port, or the TLS port when the node serves TLS only ({@code port 0}). */
    public int port() {
        return port;
    }

    /** The port of the operations listener, or 0 when it is off. */
    public int metricsPort() {
        return ops == null ? 0 : ops.port();
    }

    /** Stops the node: idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        if (ops != null) ops.close();
        node.stop();
        raft.close();
        net.close();
    }
}
