package io.redraft.server.ops;

import io.redraft.server.node.RaftInfoFields;
import java.util.List;
import java.util.Map;

/**
 * The node's state at one instant, read on the node thread and handed to the listener's thread
 * whole: every family of one scrape, and every field of one status page refresh, describe the same
 * moment. Immutable once published.
 *
 * @param raft        INFO raft's values (the same numbers {@code INFO raft} shows)
 * @param peers       the leader's view of each follower; empty on a follower
 * @param loading     the node loads a dataset (its snapshot, a received one, a dump): not ready
 * @param stateError  the error every client command gets now (NOCLUSTER, LOADING, MISCONF), or null
 * @param keysByType  keys per type from the last complete pass over the keyspace (see {@link KeyTypeCounter})
 */
record NodeSample(long takenMillis, RaftInfoFields raft, List<Peer> peers, boolean loading, String stateError,
                  long elections, long leaderChanges, int connectedClients, int blockedClients, long connectionsReceived,
                  long rejectedConnections, long commandsProcessed, long errorReplies, Map<String, Long> errorCodes,
                  long keys, long expires, Map<String, Long> keysByType, long usedMemory, long maxMemory,
                  String leaderAddress, String myAddress, ShardSample shards) {

    /**
     * This node's view of sharding: slots of its group by state, locked keys of a migration in
     * progress, and keys moved out and imported (applied entries, since the node started).
     */
    record ShardSample(boolean active, int groups, int stable, int migrating, int importing, int lockedKeys,
                       long keysMovedOut, long keysImported) {
        static final ShardSample NONE = new ShardSample(false, 0, 0, 0, 0, 0, 0, 0);
    }

    /** One follower as the leader sees it. */
    record Peer(int id, String address, boolean voting, long matchIndex, long lag, int inflight, String state,
                boolean active) {}

    boolean isLeader() {
        return "leader".equals(raft.role);
    }
}
