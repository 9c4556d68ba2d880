package io.redraft.server.peer;

import io.redraft.resp.ReplySink;
import io.redraft.server.node.ClientSession;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which connections may send Raft RPCs. A peer link opens with {@code RAFT.PEER <dbid>
 * <node-id>}; from then on the connection's {@code RAFT.AE}, {@code RAFT.REQUESTVOTE}, {@code
 * RAFT.SNAPSHOT} and {@code RAFT.TIMEOUT_NOW} must come from that node of this cluster. Anything
 * else (a client typing RPCs, a node of another cluster whose ids happen to be ours, a link speaking
 * in another node's name) is refused before it reaches the core, so it cannot change the term, the
 * log or the data; INFO raft counts it and the log names each source at most once a minute.
 * Membership is not checked here: a lagging node's configuration may not know its new leader yet
 * (it learns it from that leader's entries). The core instead ignores, under its leader lease,
 * higher-term leader messages from a node that is no member of its configuration.
 * This is a guard against mistakes and stray nodes, not authentication: that is ACL's and TLS's job.
 */
public final class PeerGuard {
    private static final Logger log = LoggerFactory.getLogger(PeerGuard.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private record Peer(String dbid, int id) {}

    private record Logged(long atNanos, long suppressed) {}

    private final Map<ClientSession, Peer> peers = new HashMap<>();
    private final Map<String, Logged> logged = new HashMap<>();
    /** RPCs and handshakes refused (INFO raft_rpc_refused). */
    private long refused;

    public long refused() { return refused; }

    /**
     * {@code RAFT.PEER <dbid> <node-id>}: the connection speaks for that node. Refused when this node
     * belongs to another cluster; accepted while it has no cluster id yet (a joining node hears from
     * its leader before it may know it), in which case each RPC checks the id again.
     */
    public void hello(ClientSession s, byte[][] argv, String ourDbid, ReplySink out) {
        if (argv.length != 3) {
            out.error("ERR wrong number of arguments for 'raft.peer' command");
            return;
        }
        String dbid = new String(argv[1], StandardCharsets.US_ASCII);
        int id;
        try {
            id = Integer.parseInt(new String(argv[2], StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            id = 0;
        }
        if (id <= 0) {
            out.error("ERR invalid node id");
            return;
        }
        if (!ourDbid.isEmpty() && !ourDbid.equals(dbid)) {
            refuse(s, "node " + id + " of cluster " + dbid + " tried to link to this node of cluster " + ourDbid);
            out.error("ERR cluster id mismatch: this node belongs to cluster " + ourDbid);
            return;
        }
        peers.put(s, new Peer(dbid, id));
        s.markPeerLink();
        out.status("OK");
    }

    /** Null when an RPC of node {@code from}, received on {@code s}, may reach the core; otherwise the error to answer. */
    public String check(ClientSession s, int from, String ourDbid) {
        Peer p = peers.get(s);
        String why;
        if (p == null) {
            why = "a connection that did not identify as a peer (RAFT.PEER) sent a Raft RPC from node " + from;
        } else if (!p.dbid().equals(ourDbid)) {
            why = "node " + p.id() + " of cluster " + p.dbid() + " sent a Raft RPC to cluster " + ourDbid;
        } else if (p.id() != from) {
            why = "the link of node " + p.id() + " sent a Raft RPC in the name of node " + from;
        } else {
            return null;
        }
        refuse(s, why);
        return "ERR refused: " + why;
    }

    /** The node {@code s} speaks for once its RAFT.PEER was accepted and it is of cluster {@code ourDbid}, else 0. */
    public int peerOf(ClientSession s, String ourDbid) {
        Peer p = peers.get(s);
        return p == null || !p.dbid().equals(ourDbid) ? 0 : p.id();
    }

    public void forget(ClientSession s) {
        peers.remove(s);
    }

    private void refuse(ClientSession s, String why) {
        refused++;
        long now = System.nanoTime();
        Logged last = logged.get(s.addr);
        if (last != null && now - last.atNanos() < LOG_INTERVAL_NANOS) {
            logged.put(s.addr, new Logged(last.atNanos(), last.suppressed() + 1));
            return;
        }
        if (logged.size() > 1024) logged.clear(); // many sources: forget them rather than grow
        logged.put(s.addr, new Logged(now, 0));
        log.warn("Refused Raft RPC from {}: {}{}", s.addr, why,
                last == null || last.suppressed() == 0 ? "" : " (" + last.suppressed() + " more refused since the last report)");
    }
}
