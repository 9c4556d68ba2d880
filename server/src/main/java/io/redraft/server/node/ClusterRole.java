package io.redraft.server.node;

import io.redraft.resp.ReplySink;
import java.util.List;

/**
 * The node's place in a Raft cluster, as the session layer needs it: the sections of
 * {@code INFO raft}, the RAFT.* admin commands, and the path every intercepted (data) command
 * takes. Until the node joins a cluster it is {@link Uninitialized}; the Raft runtime replaces it.
 */
public interface ClusterRole {
    /** {@code raft_version}, {@code raft_general}, ... in RedisRaft's order (reference §4). */
    List<InfoSection> infoSections();

    /** A command RedisRaft intercepts (everything but the node-local ones), as classified at decode. */
    void intercepted(ClientSession s, ClientRequest r, ReplySink out);

    /** A {@code RAFT.*} command (route ADMIN). */
    void raftCommand(ClientSession s, ClientRequest r, ReplySink out);

    /** {@code db0:keys=..,expires=..,avg_ttl=..} lines for INFO keyspace; none while the keyspace is empty. */
    default List<String> keyspaceLines() {
        return List.of();
    }

    /**
     * Whether {@link #intercepted} would send this data command (route REPLICATED or READ_INDEX,
     * dry run passed) down the same path as the session's writes or reads in flight, so that it
     * may follow them without waiting: with writes in flight, the write path (a read then rides
     * the log too); with reads in flight, the quorum-read path.
     */
    default boolean pipelinable(ClientSession s, ClientRequest r) {
        return false;
    }

    /**
     * A command named in {@code raft.ignored-commands}: run on this node's keyspace at once, in any
     * state, never logged (RedisRaft hands it to Redis untouched).
     */
    default void ignored(ClientSession s, ClientRequest r, ReplySink out) {
        out.error(Replies.unknownCommand(r.argv()));
    }

    /**
     * The slot refusal for a request answered by the node itself whose channels belong to a
     * shard (SSUBSCRIBE's channels): MOVED, CROSSSLOT, CLUSTERDOWN; null to go on.
     */
    default String channelSlotRefusal(ClientRequest r) {
        return null;
    }

    /** A client went away. */
    default void disconnected(ClientSession s) {}

    /** INFO raft's facts (ROLE reads them), or null when there is no Raft runtime. */
    default RaftInfoFields infoFields() {
        return null;
    }
}
