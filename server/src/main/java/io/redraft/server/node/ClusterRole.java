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

    /** A command RedisRaft intercepts (everything but the node-local ones). */
    void intercepted(ClientSession s, byte[][] argv, ReplySink out);

    /** A {@code RAFT.*} command; returns false when the name is not one. */
    boolean raftCommand(ClientSession s, String name, byte[][] argv, ReplySink out);

    /** {@code db0:keys=..,expires=..,avg_ttl=..} lines for INFO keyspace; none while the keyspace is empty. */
    default List<String> keyspaceLines() {
        return List.of();
    }

    /**
     * Whether {@link #intercepted} would send this request down the write path (so it may follow
     * the session's earlier writes without waiting for them).
     */
    default boolean pipelinableWrite(ClientSession s, byte[][] argv) {
        return false;
    }

    /**
     * Whether {@link #intercepted} would send this request down the quorum-read path (so it may
     * join the session's earlier reads waiting for their ReadIndex round).
     */
    default boolean pipelinableRead(ClientSession s, byte[][] argv) {
        return false;
    }

    /**
     * A command named in {@code raft.ignored-commands}: run on this node's keyspace at once, in any
     * state, never logged (RedisRaft hands it to Redis untouched).
     */
    default void ignored(ClientSession s, byte[][] argv, ReplySink out) {
        out.error(Replies.unknownCommand(argv));
    }

    /** A client went away. */
    default void disconnected(ClientSession s) {}
}
