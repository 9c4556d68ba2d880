package io.redraft.server.node;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of {@code INFO raft}, filled by the cluster role and rendered in RedisRaft's field
 * order (reference §4). Defaults are what an uninitialized node prints.
 */
public final class RaftInfoFields {
    public String dbid = "";
    public long nodeId;
    public String state = "uninitialized";
    public String role = "(none)";
    public String isVoting = "-";
    public long votedFor = -1;
    public long leaderId = -1;
    public long currentTerm;
    public int numNodes;
    public int numVotingNodes;
    /** Remote nodes, each rendered as {@code raft_node<i>:id=...}; {@code index} is its slot in the node array. */
    public final List<NodeLine> nodes = new ArrayList<>();

    public long logEntries, currentIndex, commitIndex, lastAppliedIndex, fileSize, cacheMemorySize, cacheEntries,
            clientAttachedEntries, fsyncCount, fsyncMaxMicros, fsyncAvgMicros;

    public String snapshotFilename = "redisraft.rdb";
    public long snapshotLastIdx, snapshotLastTerm, snapshotSize, snapshotTimeSecs = -1, snapshotsCreated, snapshotsReceived;
    public boolean snapshotInProgress;
    public long snapshotInProgressLastIdx = -1, snapshotInProgressLastTerm = -1;
    /** Not RedisRaft's: failed local snapshots and the retry back-off (docs/snapshots.md). */
    public long snapshotsFailed, snapshotConsecutiveFailures, snapshotRetryInMillis = -1;

    public long proxyReqs, proxyFailedReqs, proxyFailedResponses, proxyOutstandingReqs;
    /** Not RedisRaft's: requests to peers dropped because the link held too much unanswered (PeerLink). */
    public long peerRequestsDropped;
    /** Not RedisRaft's: Raft RPCs refused because they did not come from a peer of this cluster (PeerGuard). */
    public long rpcRefused;
    /** Not RedisRaft's: RequestVotes and non-members' higher-term leader messages ignored under the leader lease (thesis §4.2.3). */
    public long ignoredInLease;
    /** Not RedisRaft's: received snapshots refused as unreadable, nothing of them applied (Snapshots). */
    public long snapshotsRefused;
    /** Not RedisRaft's: heartbeats the keeper sent while the node thread was busy with one long turn. */
    public long busyHeartbeats;
    public long appendreqReceived, appendreqWithEntryReceived, snapshotreqReceived, execThrottled, numSessions;

    public record NodeLine(int index, long id, String connState, boolean voting, String host, int port,
                           long lastConnSecs, long connErrors, long connOks) {}

    /** Redraft's own version and commit (RedisRaft shows its module's here). */
    public static final String VERSION = io.redraft.server.BuildInfo.CURRENT.version();
    public static final String GIT_SHA1 = io.redraft.server.BuildInfo.CURRENT.shortSha1();

    public List<InfoSection> render() {
        List<InfoSection> out = new ArrayList<>();
        out.add(new InfoSection("raft_version").field("raft_version", VERSION).field("raft_git_sha1", GIT_SHA1));
        InfoSection g = new InfoSection("raft_general")
                .field("raft_dbid", dbid)
                .field("raft_node_id", nodeId)
                .field("raft_state", state)
                .field("raft_role", role)
                .field("raft_is_voting", isVoting)
                .field("raft_voted_for", votedFor)
                .field("raft_leader_id", leaderId)
                .field("raft_current_term", currentTerm)
                .field("raft_num_nodes", numNodes)
                .field("raft_num_voting_nodes", numVotingNodes);
        for (NodeLine n : nodes) {
            g.field("raft_node" + n.index(), "id=" + n.id() + ",state=" + n.connState() + ",voting=" + (n.voting() ? "yes" : "no")
                    + ",addr=" + n.host() + ",port=" + n.port() + ",last_conn_secs=" + n.lastConnSecs()
                    + ",conn_errors=" + n.connErrors() + ",conn_oks=" + n.connOks());
        }
        out.add(g);
        out.add(new InfoSection("raft_log")
                .field("raft_log_entries", logEntries)
                .field("raft_current_index", currentIndex)
                .field("raft_commit_index", commitIndex)
                .field("raft_last_applied_index", lastAppliedIndex)
                .field("raft_file_size", fileSize)
                .field("raft_cache_memory_size", cacheMemorySize)
                .field("raft_cache_entries", cacheEntries)
                .field("raft_client_attached_entries", clientAttachedEntries)
                .field("raft_fsync_count", fsyncCount)
                .field("raft_fsync_max_microseconds", fsyncMaxMicros)
                .field("raft_fsync_avg_microseconds", fsyncAvgMicros));
        out.add(new InfoSection("raft_snapshot")
                .field("raft_snapshot_filename", snapshotFilename)
                .field("raft_snapshot_last_idx", snapshotLastIdx)
                .field("raft_snapshot_last_term", snapshotLastTerm)
                .field("raft_snapshot_size", snapshotSize)
                .field("raft_snapshot_time_secs", snapshotTimeSecs)
                .field("raft_snapshots_created", snapshotsCreated)
                .field("raft_snapshots_received", snapshotsReceived)
                .field("raft_snapshot_in_progress", snapshotInProgress ? "yes" : "no")
                .field("raft_snapshot_in_progress_last_idx", snapshotInProgressLastIdx)
                .field("raft_snapshot_in_progress_last_term", snapshotInProgressLastTerm)
                .field("raft_snapshots_failed", snapshotsFailed)
                .field("raft_snapshot_consecutive_failures", snapshotConsecutiveFailures)
                .field("raft_snapshot_retry_in_ms", snapshotRetryInMillis));
        out.add(new InfoSection("raft_clients")
                .field("raft_proxy_reqs", proxyReqs)
                .field("raft_proxy_failed_reqs", proxyFailedReqs)
                .field("raft_proxy_failed_responses", proxyFailedResponses)
                .field("raft_proxy_outstanding_reqs", proxyOutstandingReqs));
        out.add(new InfoSection("raft_stats")
                .field("raft_appendreq_received", appendreqReceived)
                .field("raft_appendreq_with_entry_received", appendreqWithEntryReceived)
                .field("raft_snapshotreq_received", snapshotreqReceived)
                .field("raft_exec_throttled", execThrottled)
                .field("raft_num_sessions", numSessions)
                .field("raft_peer_requests_dropped", peerRequestsDropped)
                .field("raft_rpc_refused", rpcRefused)
                .field("raft_ignored_in_lease", ignoredInLease)
                .field("raft_snapshots_refused", snapshotsRefused)
                .field("raft_busy_heartbeats", busyHeartbeats));
        return out;
    }
}
