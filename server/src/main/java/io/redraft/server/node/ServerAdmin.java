package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ReplySink;
import java.io.File;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own server commands, answered in any Raft state: SHUTDOWN, MONITOR, LASTSAVE, ROLE,
 * LOLWUT (SLOWLOG and LATENCY are {@link SlowLog} and {@link LatencyMonitor}).
 */
final class ServerAdmin {
    private static final Logger log = LoggerFactory.getLogger(ServerAdmin.class);

    private final NodeThread node;
    private final NodeContext ctx;

    ServerAdmin(NodeThread node) {
        this.node = node;
        this.ctx = node.context();
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. The Raft log is the persistence, so there is
     * nothing to save and nothing to wait for: the node stops at once through the same path as
     * SIGTERM ({@link NodeContext#onShutdown}), once the replies written so far are on the wire.
     * As in Redis, a successful SHUTDOWN answers nothing: the connection closes.
     */
    void shutdown(ClientSession s, byte[][] argv, ReplySink out) {
        boolean nosave = false, save = false, abort = false, flags = false;
        for (int i = 1; i < argv.length; i++) {
            switch (lower(argv[i])) {
                case "nosave" -> { nosave = true; flags = true; }
                case "save" -> { save = true; flags = true; }
                case "now", "force" -> flags = true;
                case "abort" -> abort = true;
                default -> {
                    out.error(Replies.SYNTAX);
                    return;
                }
            }
        }
        if ((abort && flags) || (nosave && save)) {
            out.error(Replies.SYNTAX);
            return;
        }
        if (abort) {
            out.error("ERR No shutdown in progress.");
            return;
        }
        log.warn("User requested shutdown...");
        node.runAfterFlush(ctx.onShutdown);
        node.closeAfterReply(s);
    }

    void monitor(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length != 1) {
            out.error(Replies.arity("monitor"));
            return;
        }
        if (s.multi() != null) {
            out.error("ERR MONITOR inside MULTI is not allowed");
            return;
        }
        s.monitor = true;
        node.commandLog.monitors.add(s);
        out.status("OK");
    }

    /** The last snapshot written to dbfilename (Raft's "save"), else when the node started, as Redis. */
    void lastsave(byte[][] argv, ReplySink out) {
        if (argv.length != 1) {
            out.error(Replies.arity("lastsave"));
            return;
        }
        File f = new File(ctx.config.string("dir"), ctx.config.string("dbfilename"));
        long saved = f.isFile() ? f.lastModified() : 0;
        out.integer(Math.max(saved, ctx.startMillis) / 1000);
    }

    /**
     * ROLE in Raft's terms: the leader is the master, its replicas the other members (offset: the
     * commit index); a follower is a replica of the leader ({@code connected}, or {@code connect}
     * while there is none); a node not in a cluster is a master without replicas.
     */
    void role(byte[][] argv, ClusterRole role, ReplySink out) {
        if (argv.length != 1) {
            out.error(Replies.arity("role"));
            return;
        }
        RaftInfoFields f = role.infoFields();
        if (f == null || !f.state.equals("up") || f.role.equals("leader")) {
            long offset = f == null ? 0 : f.commitIndex;
            out.arrayHeader(3);
            out.bulk(Replies.bytes("master"));
            out.integer(offset);
            int replicas = f == null || !f.state.equals("up") ? 0 : f.nodes.size();
            out.arrayHeader(replicas);
            for (int i = 0; i < replicas; i++) {
                RaftInfoFields.NodeLine n = f.nodes.get(i);
                out.arrayHeader(3);
                out.bulk(Replies.bytes(n.host()));
                out.bulk(Replies.bytes(Integer.toString(n.port())));
                out.bulk(Replies.bytes(Long.toString(offset)));
            }
            return;
        }
        RaftInfoFields.NodeLine leader = null;
        for (RaftInfoFields.NodeLine n : f.nodes) if (n.id() == f.leaderId) leader = n;
        out.arrayHeader(5);
        out.bulk(Replies.bytes("slave"));
        out.bulk(Replies.bytes(leader == null ? "?" : leader.host()));
        out.integer(leader == null ? 0 : leader.port());
        out.bulk(Replies.bytes(leader == null ? "connect" : "connected"));
        out.integer(f.lastAppliedIndex);
    }

    /**
     * LOLWUT [VERSION v]: Redis 7 has no art of its own version and answers only its version line
     * (the art of VERSION 5 and 6 is not drawn here: that line is all Redraft answers).
     */
    void lolwut(byte[][] argv, ReplySink out) {
        if (argv.length >= 3 && lower(argv[1]).equals("version") && io.redraft.store.Nums.parseLongOr(argv[2], null) == null) {
            out.error("ERR value is not an integer or out of range");
            return;
        }
        out.verbatim("txt", Replies.bytes("Redis ver. " + NodeContext.REDIS_VERSION + "\n"));
    }
}
