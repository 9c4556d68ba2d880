package io.redraft.server.peer;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.RaftNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * This node's links to the other members, one per peer as RedisRaft keeps them: opened for the
 * members of the core's configuration, closed when a removal is applied. Node thread only.
 */
public final class PeerLinks {
    private final PeerNetwork net;
    private final InboundRpc inbound;
    private final Supplier<RaftNode> core;
    /** Test-only: peers whose messages are lost on arrival (RAFT.DEBUG NETDROP). */
    private final IntPredicate dropped;
    private final Map<Integer, PeerLink> links = new HashMap<>();
    private ClusterConfig linked;
    /** Sees each message sent to a peer and each one received from it (heartbeat round trips for the metrics). */
    private Traffic traffic = Traffic.NONE;

    /** Node thread: must be cheap and must not send. */
    public interface Traffic {
        Traffic NONE = new Traffic() {
            @Override public void sent(RaftMessage m) { }
            @Override public void received(RaftMessage m) { }
        };

        void sent(RaftMessage m);

        void received(RaftMessage m);
    }

    public void observe(Traffic t) {
        traffic = t;
    }

    public PeerLinks(PeerNetwork net, InboundRpc inbound, Supplier<RaftNode> core, IntPredicate dropped) {
        this.net = net;
        this.inbound = inbound;
        this.core = core;
        this.dropped = dropped;
    }

    /** Sends what the core produced: responses go back on the connection their request came in on. */
    public void send(Iterable<RaftMessage> messages) {
        RaftNode raft = core.get();
        for (RaftMessage m : messages) {
            if (InboundRpc.isResponse(m)) {
                inbound.respond(m);
                continue;
            }
            PeerLink l = links.get(m.to());
            if (l == null) {
                var member = raft.config().member(m.to());
                if (member == null) continue;
                l = link(member.id(), member.address());
            }
            traffic.sent(m);
            l.send(m);
        }
    }

    private PeerLink link(int id, String address) {
        PeerLink l = new PeerLink(id, address, net, msg -> {
            RaftNode raft = core.get();
            if (raft != null && !dropped.test(id)) {
                traffic.received(msg);
                raft.step(msg);
            }
        }, () -> heardFrom(id));
        links.put(id, l);
        l.tick(System.nanoTime());
        return l;
    }

    /**
     * A large request from node {@code peerId} (0: not a peer's connection) is arriving on its
     * connection to us: liveness evidence for the core before the message is whole (#24).
     */
    public void receiving(int peerId) {
        if (peerId != 0) heardFrom(peerId);
    }

    private void heardFrom(int id) {
        RaftNode raft = core.get();
        if (raft != null && !dropped.test(id)) raft.heardFrom(id);
    }

    /** Opens links to members the core's configuration gained since the last call. */
    public void follow(ClusterConfig config, int selfId) {
        if (config == linked) return;
        linked = config;
        for (var m : config.members()) {
            if (m.id() == selfId) continue;
            if (!links.containsKey(m.id())) link(m.id(), m.address());
        }
        // Links to removed members stay until the removal is applied: the member must still
        // receive the entries up to its removal (and then RAFT.NODESHUTDOWN).
    }

    /**
     * The removal of {@code nodeId} is applied: the link goes; a leader first tells the node, best
     * effort as RedisRaft, to archive its files and stop.
     */
    public void removed(int nodeId, boolean leader) {
        PeerLink l = links.remove(nodeId);
        if (l == null) return;
        if (leader) l.sendRaw(new byte[][] {bytes("RAFT.NODESHUTDOWN"), bytes(Integer.toString(nodeId))});
        l.close();
    }

    /** Reconnects and enforces response timeouts; every tick. */
    public void tick(long nowNanos) {
        for (PeerLink l : links.values()) l.tick(nowNanos);
    }

    /** Closes every link (the node stops taking part: failure, removal); new ones open on demand. */
    public void closeAll() {
        for (PeerLink l : links.values()) l.close();
        links.clear();
    }

    /** Closes every link at shutdown, keeping the map as it is. */
    public void shutdown() {
        for (PeerLink l : links.values()) l.close();
    }

    /** The {@code raft_nodeN} line of INFO raft for the link to {@code m}. */
    public InfoLine info(ClusterConfig.Member m, long nowNanos) {
        PeerLink l = links.get(m.id());
        return l == null ? new InfoLine("disconnected", -1, 0, 0)
                : new InfoLine(l.state().info, l.lastConnSecs(nowNanos), l.connErrors(), l.connOks());
    }

    /** What INFO raft shows of one link. */
    public record InfoLine(String state, long lastConnSecs, long connErrors, long connOks) {}

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
