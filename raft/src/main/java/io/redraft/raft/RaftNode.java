package io.redraft.raft;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One Raft node, free of I/O, threads and clocks (the shape of etcd's {@code RawNode}). Time
 * arrives through {@link #tick()}, peers' messages through {@link #step(RaftMessage)}, client
 * work through {@link #propose}, {@link #readIndex} and friends. Everything the node wants done
 * is collected in a {@link Ready}: the caller takes it with {@link #ready()}, carries it out in
 * the order documented there, and hands it back with {@link #advance(Ready)}. Durability of
 * appended entries is reported separately with {@link #persisted(long, long)}, so a log thread
 * may fsync while the node keeps going.
 *
 * <p>Given the same storage contents, configuration, random seed and sequence of calls, a node
 * produces the same outputs. All methods must be called from one thread.
 */
public final class RaftNode {
    private final Raft raft;

    /**
     * Restores a node from {@code storage} (snapshot, then log, then term and vote). A node with
     * an empty storage and no configuration waits to be added by a leader, or to be
     * {@link #bootstrap bootstrapped}.
     *
     * @param random source of election timeout jitter; seed it for reproducible runs
     */
    public RaftNode(RaftConfig config, LogStorage storage, RandomGenerator random) {
        this.raft = new Raft(config, storage, random);
    }

    /**
     * Creates a one-node cluster, as {@code RAFT.CLUSTER INIT} does: term 1, this node leader,
     * NO_OP at index 1 and ADD_NODE(self) at index 2.
     *
     * @throws IllegalStateException if the node already has a log or a term
     */
    public void bootstrap(String address) {
        raft.bootstrap(address);
    }

    /** Advances logical time by one {@code periodic-interval}: elections, heartbeats, timeouts. */
    public void tick() {
        raft.tick();
    }

    /** Processes one message from a peer. Messages for another node or from a stranger are dropped. */
    public void step(RaftMessage message) {
        raft.step(message);
    }

    /**
     * The transport sees node {@code peer} take part in a message still on its way (a large
     * AppendEntries arriving in pieces, or being taken in by the follower while it is sent):
     * liveness evidence that the core cannot see before the whole message is through. A follower
     * whose leader that is restarts its election timer, as on a heartbeat; a leader counts the
     * follower as active for check-quorum (thesis §6.2) and does not take what it has in flight to
     * that follower as lost. Nothing else changes: no term, vote, log or commit index.
     */
    public void heardFrom(int peer) {
        raft.transportHeardFrom(peer);
    }

    /**
     * Appends a NORMAL entry (leader only, Raft §5.3).
     *
     * @return the index the entry was given
     * @throws RaftException {@link RaftError#NOT_LEADER} (with the known leader),
     *                       {@link RaftError#LEADER_TRANSFER_IN_PROGRESS}, {@link RaftError#SHUTDOWN}
     */
    public long propose(byte[] data) {
        return raft.propose(List.of(data));
    }

    /**
     * Appends one entry of an application-defined kind (NORMAL or a shard-map change), which the core
     * replicates and hands back to be applied like a NORMAL one.
     *
     * @return the index the entry was given
     * @throws IllegalArgumentException for the core's own kinds (membership changes, NO_OP)
     * @throws RaftException as {@link #propose(byte[])}
     */
    public long propose(EntryType type, byte[] data) {
        if (!type.isApplicationDefined()) throw new IllegalArgumentException("not an application entry: " + type);
        return raft.propose(type, List.of(data));
    }

    /**
     * Appends one NORMAL entry per element, at consecutive indices.
     *
     * @return the index of the first entry
     * @throws RaftException as {@link #propose(byte[])}
     */
    public long propose(List<byte[]> batch) {
        return raft.propose(batch);
    }

    /**
     * Appends a single-server membership change (thesis §4.1). It takes effect as soon as it is
     * appended. New nodes must join as ADD_NONVOTING_NODE; the leader promotes them itself.
     *
     * @return the index of the change entry
     * @throws RaftException NOT_LEADER, LEADER_TRANSFER_IN_PROGRESS, ONE_VOTING_CHANGE_ONLY,
     *                       INVALID_NODE_ID, NODE_ID_USED, NODE_NOT_FOUND, TRY_AGAIN
     */
    public long proposeConfChange(ConfChange change) {
        return raft.proposeConfChange(change);
    }

    /** A random non-zero 31-bit id never used in this cluster, for {@code RAFT.NODE ADD 0}. */
    public int newNodeId() {
        return raft.newNodeId();
    }

    /**
     * Asks for a linearizable read without writing to the log (ReadIndex, thesis §6.4). The
     * answer comes in a later {@link Ready}: a {@link ReadState} with this id, or the id in
     * {@link Ready#failedReads()} if leadership is lost first.
     *
     * @throws RaftException NOT_LEADER
     */
    public void readIndex(long requestId) {
        raft.readIndex(requestId);
    }

    /**
     * Hands leadership to {@code target} (thesis §3.10); 0 picks the most up-to-date voter.
     * Proposals are refused until the transfer completes or, after an election timeout, is
     * abandoned ({@link Ready#transferTimedOut()}).
     *
     * @return the chosen target
     * @throws RaftException NOT_LEADER, LEADER_TRANSFER_IN_PROGRESS, INVALID_NODE_ID
     */
    public int transferLeadership(int target) {
        return raft.transferLeadership(target);
    }

    /**
     * Asks for a snapshot at the applied index ({@code RAFT.DEBUG COMPACT}); it is requested in a
     * later {@link Ready#snapshotRequest()}.
     *
     * @return false if there is nothing to compact or a snapshot is already being taken
     */
    public boolean requestCompaction() {
        return raft.requestCompaction();
    }

    /**
     * Applies new timeouts and limits (RedisRaft changes them live through {@code CONFIG SET}).
     * The node id cannot change. Takes effect from the next tick / message.
     */
    public void reconfigure(RaftConfig config) {
        raft.reconfigure(config);
    }

    /** Where the leader reads the snapshot it streams to followers behind the compaction point. */
    public void setSnapshotSource(SnapshotSource source) {
        raft.setSnapshotSource(source);
    }

    /**
     * The snapshot asked for in {@link Ready#snapshotRequest()} is durable; the log prefix it
     * covers is released in {@link Ready#compaction()}.
     */
    public void snapshotTaken(SnapshotMeta meta) {
        raft.snapshotTaken(meta);
    }

    /** The requested snapshot could not be taken; a later one may be requested. */
    public void snapshotFailed() {
        raft.snapshotFailed();
    }

    /**
     * The snapshot in {@link Ready#snapshotToInstall()} is loaded and storage holds it as its
     * only content. {@code meta} carries the configuration read from the snapshot.
     */
    public void snapshotInstalled(SnapshotMeta meta) {
        raft.snapshotInstalled(meta);
    }

    /**
     * The snapshot in {@link Ready#snapshotToInstall()} (or its chunks) could not be loaded or
     * stored: the transfer is dropped and the leader will send it again from the start.
     */
    public void snapshotInstallFailed() {
        raft.snapshotInstallFailed();
    }

    /**
     * Call once after starting from a durable state (a restart): the first election comes after a
     * timeout drawn from (0, T] instead of [T, 2T), since no leader is known to wait for.
     */
    public void expediteFirstElection() {
        raft.expediteFirstElection();
    }

    /**
     * At most {@code maxEntries} committed entries per {@link Ready}; 0 holds them all back until
     * raised again (RedisRaft's {@code log-disable-apply}, and the application's apply throttle).
     * Committing, replication and elections go on regardless.
     */
    public void setApplyLimit(long maxEntries) {
        if (maxEntries < 0) throw new IllegalArgumentException("apply limit < 0");
        raft.applyLimit = maxEntries;
    }

    /**
     * RAFT.DEBUG NODECFG {@code +voting}/{@code -voting}: sets a member's voting flag on this node
     * only, outside the log (a debugging tool that can break the cluster, as in RedisRaft).
     * Returns false when {@code id} is not a member.
     */
    public boolean debugSetVoting(int id, boolean voting) {
        boolean found = raft.configs.debugSetVoting(id, voting);
        if (found) raft.membership.syncProgress();
        return found;
    }

    /** Whether {@link #ready()} would return a non-empty batch. */
    public boolean hasReady() {
        return raft.hasReady();
    }

    /** Takes the pending work. Call {@link #advance} with it before the next call. */
    public Ready ready() {
        return raft.ready();
    }

    /** The caller has carried out {@code ready} (entries may still be in flight to disk). */
    public void advance(Ready ready) {
        raft.advance(ready);
    }

    /**
     * Entries up to {@code index} (whose term is {@code term}) are durable. The leader counts
     * itself in the commit quorum only up to here; committed entries are handed out only up to
     * here. Stale reports (for entries since overwritten) are ignored.
     */
    public void persisted(long index, long term) {
        raft.persisted(index, term);
    }

    public int id() {
        return raft.id();
    }

    public Role role() {
        return raft.role();
    }

    public boolean isLeader() {
        return raft.role() == Role.LEADER;
    }

    public long term() {
        return raft.term();
    }

    /** Current leader, or 0 when unknown. */
    public int leaderId() {
        return raft.leaderId();
    }

    public int votedFor() {
        return raft.votedFor();
    }

    public long commitIndex() {
        return raft.commitIndex();
    }

    public long lastApplied() {
        return raft.lastApplied();
    }

    public long lastIndex() {
        return raft.lastIndex();
    }

    /** The configuration in effect: the latest one in the log, committed or not. */
    public ClusterConfig config() {
        return raft.config();
    }

    /** Whether this node learned it was removed from the cluster; it then takes no part. */
    public boolean isRemoved() {
        return raft.isRemoved();
    }

    /**
     * Whether a leader has applied an entry of its own term, so it may serve commands
     * (RedisRaft answers {@code -CLUSTERDOWN No raft leader} before that).
     */
    public boolean isReadyToServe() {
        return raft.isReadyToServe();
    }

    /** Times a message asked to overwrite a committed entry and was refused. Always 0 in a correct cluster. */
    public long refusedTruncations() {
        return raft.refusedTruncations();
    }

    /**
     * Messages this node ignored because it heard from a leader within the election timeout (thesis
     * §4.2.3): RequestVotes, and higher-term leader messages from nodes that are no members.
     */
    public long ignoredInLease() {
        return raft.ignoredInLease();
    }

    /** Told of each refused truncation of a committed entry, so the server can log it loudly. */
    public void setRefusalListener(RefusalListener listener) {
        raft.refusalListener = listener == null ? (from, t, index, committed) -> { } : listener;
    }

    /** Whether a snapshot was requested and not yet reported taken or failed ({@code raft_snapshot_in_progress}). */
    public boolean isSnapshotInProgress() {
        return raft.compaction.inProgress();
    }

    /** Everything {@code INFO raft} shows. */
    public RaftStatus status() {
        return raft.status();
    }
}
