package io.redraft.server.cluster;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.RaftStatus;
import io.redraft.server.node.InfoSection;
import io.redraft.server.node.RaftInfoFields;
import io.redraft.server.peer.PeerLinks;
import io.redraft.storage.StorageStats;
import java.util.List;

/** Fills {@code INFO raft} from the core's status, storage counters and the peer links. */
final class RaftInfo {
    private RaftInfo() {}

    static List<InfoSection> render(RaftRuntime rt) {
        return fields(rt).render();
    }

    static RaftInfoFields fields(RaftRuntime rt) {
        RaftInfoFields f = new RaftInfoFields();
        f.snapshotFilename = rt.config().dbfilename();
        f.nodeId = rt.config().raftId();
        f.appendreqReceived = rt.stats().appendreqReceived();
        f.appendreqWithEntryReceived = rt.stats().appendreqWithEntryReceived();
        f.snapshotreqReceived = rt.stats().snapshotreqReceived();
        f.execThrottled = rt.applyThrottle().throttled();
        f.numSessions = numSessions(rt);
        NodeStatus status = rt.status();
        if (status.isJoining()) {
            f.state = "joining";
        } else if (status.isLoadingDataset()) {
            f.state = "loading";
        } else if (status.isUp()) {
            fillUp(rt, f);
            if (rt.snapshots().loading()) f.state = "loading";
        }
        return f;
    }

    /**
     * {@code raft_num_sessions}: the client sessions this node's state machine side keeps, as
     * RedisRaft counts its WATCH sessions: connections with WATCHed keys, plus the exactly-once
     * sessions of {@code CLIENT SESSION} (replicated, so the same on every node).
     */
    private static long numSessions(RaftRuntime rt) {
        long n = rt.sessions().size();
        for (var s : rt.node().sessions()) if (!s.watched().isEmpty()) n++;
        return n;
    }

    private static void fillUp(RaftRuntime rt, RaftInfoFields f) {
        RaftStatus st = rt.core().status();
        ClusterConfig cfg = st.config();
        f.dbid = rt.dbid();
        f.nodeId = st.id();
        f.state = "up";
        f.role = st.role().infoName();
        var me = cfg.member(st.id());
        f.isVoting = me == null ? "no" : me.voting() ? "yes" : "no";
        f.votedFor = st.votedFor() == 0 ? -1 : st.votedFor();
        f.leaderId = st.leaderId() == 0 ? -1 : st.leaderId();
        f.currentTerm = st.term();
        f.numNodes = cfg.members().size();
        f.numVotingNodes = cfg.voterIds().size();
        long now = System.nanoTime();
        List<ClusterConfig.Member> members = cfg.members();
        for (int i = 0; i < members.size(); i++) {
            ClusterConfig.Member m = members.get(i);
            if (m.id() == st.id()) continue;
            PeerLinks.InfoLine l = rt.links().info(m, now);
            String addr = m.address();
            int colon = addr.lastIndexOf(':');
            String host = colon < 0 ? addr : addr.substring(0, colon);
            int port = colon < 0 ? 0 : Integer.parseInt(addr.substring(colon + 1));
            f.nodes.add(new RaftInfoFields.NodeLine(i, m.id(), l.state(), m.voting(), host, port, l.lastConnSecs(),
                    l.connErrors(), l.connOks()));
        }
        f.logEntries = st.lastIndex() - st.firstIndex() + 1;
        f.currentIndex = st.lastIndex();
        f.commitIndex = st.commitIndex();
        f.lastAppliedIndex = st.lastApplied();
        StorageStats ss = rt.storage().stats();
        f.fileSize = ss.fileSize();
        f.cacheMemorySize = ss.cacheBytes();
        f.cacheEntries = ss.cacheEntries();
        f.clientAttachedEntries = rt.proposals().size();
        f.fsyncCount = ss.fsyncCount();
        f.fsyncMaxMicros = ss.fsyncMaxMicros();
        f.fsyncAvgMicros = ss.fsyncAvgMicros();
        f.peerRequestsDropped = rt.peers().droppedRequests();
        f.rpcRefused = rt.peerGuard().refused();
        f.snapshotsRefused = rt.snapshots().refused();
        f.busyHeartbeats = rt.keeper().sent();
        f.ignoredInLease = rt.core().ignoredInLease();
        f.proxyReqs = rt.proxy().reqs();
        f.proxyFailedReqs = rt.proxy().failedReqs();
        f.proxyFailedResponses = rt.proxy().failedResponses();
        f.proxyOutstandingReqs = rt.proxy().outstanding();
        f.snapshotSize = rt.snapshots().fileSize();
        f.snapshotsCreated = rt.snapshots().created();
        f.snapshotsReceived = rt.snapshots().received();
        f.snapshotTimeSecs = rt.snapshots().lastTimeSecs();
        f.snapshotsFailed = rt.snapshots().retry().failed();
        f.snapshotConsecutiveFailures = rt.snapshots().retry().consecutive();
        f.snapshotRetryInMillis = rt.snapshots().retry().retryInMillis(System.nanoTime());
        var pending = rt.snapshots().inProgressMeta();
        f.snapshotInProgress = pending != null;
        if (pending != null) {
            f.snapshotInProgressLastIdx = pending.lastIndex();
            f.snapshotInProgressLastTerm = pending.lastTerm();
        }
        f.snapshotLastIdx = st.snapshot().lastIndex();
        f.snapshotLastTerm = st.snapshot().lastTerm();
    }

    /** INFO keyspace: one line for the one database, none while it is empty (as Redis). */
    static List<String> keyspaceLines(io.redraft.store.Store store) {
        long keys = store.size();
        if (keys == 0) return List.of();
        return List.of("db0:keys=" + keys + ",expires=" + store.keyspace().volatileKeys() + ",avg_ttl=0");
    }
}
