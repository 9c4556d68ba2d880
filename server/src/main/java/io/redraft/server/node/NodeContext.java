package io.redraft.server.node;

import io.redraft.server.config.ServerConfig;
import io.redraft.server.ops.Metrics;
import java.security.SecureRandom;
import java.util.HexFormat;

/** What every part of the node reads: configuration, counters, identity. Node thread only, except the final fields. */
public final class NodeContext {
    public static final String REDIS_VERSION = ServerConfig.REDIS_VERSION;

    public final ServerConfig config;
    public final ServerStats stats = new ServerStats();
    public final InternalErrors internalErrors = new InternalErrors();
    /** The operations listener's instruments; {@link Metrics#OFF} when {@code metrics-port} is 0. */
    public final Metrics metrics;
    /** Every wall-clock reading of the node; see {@link WallClock}. */
    public final WallClock clock = new WallClock();
    public final long startMillis = System.currentTimeMillis();
    public final String runId;
    /** How SHUTDOWN stops the node: the process's own stop path (Main: exit, which runs the SIGTERM hook). */
    public volatile Runnable onShutdown = () -> { };
    /** The port actually bound (differs from config when 0 was asked for). */
    public volatile int boundPort;
    /** Users, authentication and the permission check (replicated by the log: docs/security.md). */
    public final io.redraft.server.acl.Acl acl;

    public NodeContext(ServerConfig config) {
        this.config = config;
        this.metrics = config.metricsPort() > 0 ? Metrics.on() : Metrics.OFF;
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        this.acl = new io.redraft.server.acl.Acl(config);
    }
}
