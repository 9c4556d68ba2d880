package io.redraft.server.raft;

import io.redraft.server.config.ServerConfig;
import io.redraft.server.net.NettyServer;
import io.redraft.server.net.RespConnection;
import io.redraft.server.node.NodeThread;
import java.util.concurrent.TimeUnit;

/** What peer links need from the node: the Netty client side, the node thread and the live settings. */
final class PeerNetwork {
    private final NettyServer netty;
    private final NodeThread nodeThread;
    private final ServerConfig config;

    PeerNetwork(NettyServer netty, NodeThread nodeThread, ServerConfig config) {
        this.netty = netty;
        this.nodeThread = nodeThread;
        this.config = config;
    }

    void connect(String host, int port, RespConnection.Listener l) {
        RespConnection.open(netty, host, port, config.connectionTimeoutMs(), nodeThread, l);
    }

    /** Runs {@code r} on the node thread after {@code ms} milliseconds. */
    void later(long ms, Runnable r) {
        netty.workers().schedule(() -> nodeThread.execute(r), ms, TimeUnit.MILLISECONDS);
    }

    int reconnectIntervalMs() {
        return config.reconnectIntervalMs();
    }

    long reconnectIntervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(config.reconnectIntervalMs());
    }

    long responseTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(config.responseTimeoutMs());
    }

    String clusterUser() {
        return config.clusterUser();
    }

    String clusterPassword() {
        return config.clusterPassword();
    }
}
