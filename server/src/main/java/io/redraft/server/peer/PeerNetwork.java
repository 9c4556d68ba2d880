package io.redraft.server.peer;

import io.redraft.server.config.ServerConfig;
import io.redraft.server.net.NettyServer;
import io.redraft.server.net.RespConnection;
import io.redraft.server.node.NodeThread;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** What peer links need from the node: the Netty client side, the node thread and the live settings. */
public final class PeerNetwork {
    private final NettyServer netty;
    private final NodeThread nodeThread;
    private final ServerConfig config;
    private final Supplier<String> dbid;
    private final IntSupplier selfId;
    /** Requests peer links dropped because they were full (INFO raft_peer_requests_dropped). */
    private long droppedRequests;

    public PeerNetwork(NettyServer netty, NodeThread nodeThread, ServerConfig config, Supplier<String> dbid, IntSupplier selfId) {
        this.netty = netty;
        this.nodeThread = nodeThread;
        this.config = config;
        this.dbid = dbid;
        this.selfId = selfId;
    }

    void requestDropped() {
        droppedRequests++;
    }

    /** Requests peer links dropped because they were full (INFO raft_peer_requests_dropped). */
    public long droppedRequests() {
        return droppedRequests;
    }

    /** This node's cluster id, "" before it has one. */
    String dbid() {
        return dbid.get();
    }

    int selfId() {
        return selfId.getAsInt();
    }

    public void connect(String host, int port, RespConnection.Listener l) {
        RespConnection.open(netty, host, port, config.connectionTimeoutMs(), nodeThread, l);
    }

    /** Runs {@code r} on the node thread after {@code ms} milliseconds. */
    public void later(long ms, Runnable r) {
        netty.workers().schedule(() -> nodeThread.execute(r), ms, TimeUnit.MILLISECONDS);
    }

    public int reconnectIntervalMs() {
        return config.reconnectIntervalMs();
    }

    long reconnectIntervalNanos() {
        return TimeUnit.MILLISECONDS.toNanos(config.reconnectIntervalMs());
    }

    long responseTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(config.responseTimeoutMs());
    }

    /**
     * How many request bytes a peer link may have sent and not seen answered. Twice what the
     * flow-control settings let Raft have in flight (appends or snapshot chunks), so a healthy
     * link never reaches it; a link that cannot deliver (a peer paused or cut off by DROP rules,
     * until {@code response-timeout} closes it) stops there instead of holding every heartbeat's
     * retransmission in memory.
     */
    long maxUnansweredBytes() {
        long appends = config.appendReqMaxSize() * config.appendReqMaxCount();
        long chunks = config.snapshotReqMaxSize() * config.snapshotReqMaxCount();
        return 2 * Math.max(appends, chunks) + (1 << 20);
    }

    public String clusterUser() {
        return config.clusterUser();
    }

    public String clusterPassword() {
        return config.clusterPassword();
    }

    /** The AUTH every link to another node opens with: the cluster user (raft.cluster-user), one reply. */
    public byte[][] clusterAuth() {
        java.nio.charset.Charset c = java.nio.charset.StandardCharsets.UTF_8;
        return new byte[][] {"AUTH".getBytes(c), clusterUser().getBytes(c), clusterPassword().getBytes(c)};
    }
}
