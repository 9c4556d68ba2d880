package io.redraft.raft;

import io.redraft.raft.quorum.MajorityQuorum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The Raft state machine behind {@link RaftNode}: persistent and volatile state of Figure 2, role
 * transitions, timers, and the outputs collected for the next {@link Ready}. Message handling lives
 * in one class per message family ({@link ElectionHandler}, {@link AppendEntriesHandler},
 * {@link AppendEntriesResponseHandler}, {@link InstallSnapshotHandler},
 * {@link InstallSnapshotResponseHandler}); leader-side sending in {@link Replicator}; membership
 * in {@link Membership}; majority arithmetic in {@link io.redraft.raft.quorum}.
 *
 * <p>The handlers read this state freely but change it only through the small methods below
 * (role transitions, {@link #grantVote}, {@link #heardFromLeader}, {@link #appendFromLeader},
 * {@link #track}, the output methods): each names the rule it serves, and the invariants that tie
 * fields together (the election timer restarts with a vote, a new term clears the vote) live in
 * one place. State that only one handler uses is that handler's own (the candidate's tally, the
 * snapshot being received, pending reads).
 */
final class Raft {
    private static final long MAX_APPLY_BYTES = 64L << 20;
    /** Committed entries handed out per Ready at most; 0 holds them back (the application's apply throttle). */
    long applyLimit = Long.MAX_VALUE;

    RaftConfig cfg;
    final int id;
    final LogStorage storage;
    final RandomGenerator random;
    final RaftLog log;
    final ConfigHistory configs;

    // Figure 2 persistent state (plus role and leader, volatile)
    long term;
    int vote;
    Role role = Role.FOLLOWER;
    int leaderId;

    // timers, in ticks
    int electionElapsed;
    int heartbeatElapsed;
    int randomizedElectionTimeout;

    // leader state
    final Map<Integer, Progress> progress = new LinkedHashMap<>();
    long msgId;
    long leaderNoopIndex;

    /**
     * Highest term known to be on stable storage. A leader whose own term is not yet durable must
     * not send anything in it (Figure 2: persist currentTerm before acting), else a crash could
     * let it win the same term again and write different entries at the same index.
     */
    long durableTerm;
    boolean removed;
    long refusedTruncations;
    /** RequestVotes, and higher-term leader messages from non-members, ignored under the leader lease of thesis §4.2.3. */
    long ignoredInLease;
    RefusalListener refusalListener = (from, t, index, committed) -> { };

    // snapshots
    SnapshotSource snapshotSource;

    // outputs for the next Ready
    final ArrayList<RaftMessage> msgs = new ArrayList<>();
    final ArrayList<RaftMessage> msgsAfterPersist = new ArrayList<>();
    final ArrayList<ReadState> readStates = new ArrayList<>();
    final ArrayList<Long> failedReads = new ArrayList<>();
    final ArrayList<SnapshotChunk> chunks = new ArrayList<>();
    /** A fully received snapshot, handed out once every earlier entry is durable (see ready()). */
    SnapshotMeta pendingInstall;
    int transferTimedOut;
    private HardState prevHardState;
    private SoftState prevSoftState;
    private boolean readyOutstanding;

    final ElectionHandler election;
    final AppendEntriesHandler appendHandler;
    final AppendEntriesResponseHandler appendResponseHandler;
    final InstallSnapshotHandler snapshotHandler;
    final InstallSnapshotResponseHandler snapshotResponseHandler;
    final Replicator replicator;
    final Membership membership;
    final ReadIndexHandler reads;
    final LeadershipTransfer transfer;
    final Compaction compaction;

    /** Restores snapshot, then log, then term and vote (the order RedisRaft's library uses). */
    Raft(RaftConfig cfg, LogStorage storage, RandomGenerator random) {
        this.cfg = cfg;
        this.id = cfg.nodeId();
        this.storage = storage;
        this.random = random;
        this.compaction = new Compaction(this);
        SnapshotMeta snap = storage.snapshot();
        this.configs = new ConfigHistory(snap.lastIndex(), snap.config());
        this.log = new RaftLog(storage);
        for (long i = storage.firstIndex(); i <= storage.lastIndex(); ) {
            List<Entry> batch = storage.entries(i, storage.lastIndex() + 1, 4L << 20);
            for (Entry e : batch) {
                configs.append(e);
                compaction.appended(e);
            }
            i += batch.size();
        }
        HardState hs = storage.hardState();
        this.term = hs.term();
        this.vote = hs.votedFor();
        this.durableTerm = hs.term();
        this.prevHardState = new HardState(term, vote, log.committed);
        this.prevSoftState = new SoftState(Role.FOLLOWER, 0);
        this.election = new ElectionHandler(this);
        this.appendHandler = new AppendEntriesHandler(this);
        this.appendResponseHandler = new AppendEntriesResponseHandler(this);
        this.snapshotHandler = new InstallSnapshotHandler(this);
        this.snapshotResponseHandler = new InstallSnapshotResponseHandler(this);
        this.replicator = new Replicator(this);
        this.membership = new Membership(this);
        this.reads = new ReadIndexHandler(this);
        this.transfer = new LeadershipTransfer(this);
        membership.checkSelfRemoved();
        resetRandomizedElectionTimeout();
    }

    // ---------------------------------------------------------------- role transitions

    void becomeFollower(long newTerm, int leader) {
        if (role == Role.LEADER) {
            reads.failAll();
            progress.clear();
            transfer.clear();
        }
        if (newTerm != term) {
            term = newTerm;
            vote = 0;
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        resetTimers();
    }

    void becomePreCandidate() {
        role = Role.PRE_CANDIDATE;
        leaderId = 0;
        resetTimers();
    }

    /** §5.2: increment the term, vote for self. */
    void becomeCandidate() {
        term++;
        vote = id;
        role = Role.CANDIDATE;
        leaderId = 0;
        resetTimers();
    }

    /**
     * §5.2 / §5.3: take over replication, probing each follower from our last index. The leader
     * appends a NO_OP of its term (§8, thesis §6.4) so that it can commit, and serve reads, soon.
     */
    void becomeLeader() {
        role = Role.LEADER;
        leaderId = id;
        resetTimers();
        progress.clear();
        membership.syncProgress();
        for (Progress pr : progress.values()) pr.recentActive = true;
        transfer.clear();
        long index = log.lastIndex() + 1;
        leaderNoopIndex = index;
        appendEntries(List.of(new Entry(index, term, EntryType.NO_OP, null)));
    }

    private void resetTimers() {
        electionElapsed = 0;
        heartbeatElapsed = 0;
        resetRandomizedElectionTimeout();
    }

    /** §5.2: a random timeout in [T, 2T) makes split votes rare. */
    /**
     * A node that restarted from its files knows no leader and has nothing to wait for: draw its
     * first election timeout from (0, T] instead of [T, 2T). The range keeps its width, so §5.2's
     * randomization separates the nodes of a cluster restarted as a whole as well as ever (a
     * narrower one made their elections collide). If a leader is
     * alive after all, its heartbeat usually arrives first; if not, the pre-vote it starts is
     * refused by voters that hear that leader (thesis §9.6), so no term is raised.
     */
    void expediteFirstElection() {
        if (role == Role.FOLLOWER && leaderId == 0 && electionElapsed == 0) {
            randomizedElectionTimeout = 1 + random.nextInt(cfg.electionTicks());
        }
    }

    void resetRandomizedElectionTimeout() {
        randomizedElectionTimeout = cfg.electionTicks() + random.nextInt(cfg.electionTicks());
    }

    /**
     * May this node start an election? Only a voting member that was not removed (thesis §4.2.1),
     * and not while the application is replacing its log with a snapshot.
     */
    boolean promotable() {
        return !removed && configs.current().isVoter(id) && !snapshotHandler.installing();
    }

    // ---------------------------------------------------------------- state changes for the handlers

    /** §5.2: vote for {@code candidate} in this term; granting a vote restarts the election timer. */
    void grantVote(int candidate) {
        vote = candidate;
        electionElapsed = 0;
    }

    /** §5.2: at most one vote per term, and none while we follow a leader of this term. */
    boolean canVoteFor(int candidate) {
        return vote == candidate || (vote == 0 && leaderId == 0);
    }

    /** Thesis §9.6: we lead, or heard from a leader within the election timeout. */
    boolean leaderAlive() {
        return role == Role.LEADER || (leaderId != 0 && electionElapsed < cfg.electionTicks());
    }

    /** See {@link RaftNode#heardFrom}. */
    void transportHeardFrom(int peer) {
        if (peer == id || peer == 0) return;
        if (role == Role.LEADER) {
            Progress pr = progress.get(peer);
            if (pr != null) pr.transportProgress();
        } else if (role == Role.FOLLOWER && peer == leaderId) {
            electionElapsed = 0;
        }
    }

    /** Our hard state of term {@code t} is on disk (a peer granted a vote we asked after persisting it). */
    void termKnownDurable(long t) {
        durableTerm = Math.max(durableTerm, t);
    }

    /**
     * A message from the leader of our term (§5.2): a candidate returns to follower, and the
     * election timer restarts. The caller has checked that we are not that term's leader.
     */
    void heardFromLeader(int leader) {
        if (role != Role.FOLLOWER) becomeFollower(term, leader);
        leaderId = leader;
        electionElapsed = 0;
    }

    /**
     * Follower append (§5.3 steps 3-4): entries from {@code conflict} on are replaced by
     * {@code fresh}; configurations they carried revert, and those in {@code fresh} take effect
     * at once (thesis §4.1).
     */
    void appendFromLeader(long conflict, List<Entry> fresh) {
        configs.truncateFrom(conflict);
        log.appendFrom(fresh);
        for (Entry e : fresh) {
            compaction.appended(e);
            configs.append(e);
        }
    }

    /** A request to overwrite committed entry {@code index} was refused: count it and tell the listener. */
    void refuseTruncation(int from, long t, long index) {
        refusedTruncations++;
        refusalListener.onRefusedTruncation(from, t, index, log.committed);
    }

    /** §7: a received snapshot now replaces the log (storage already holds only it). */
    void restoreFromSnapshot(SnapshotMeta meta) {
        log.restore(meta);
        configs.reset(meta.lastIndex(), meta.config());
        compaction.logReplaced();
        membership.checkSelfRemoved();
    }

    /** Leader: start tracking a follower (thesis §4.1: from the moment its configuration is appended). */
    void track(Progress pr) {
        progress.put(pr.id, pr);
    }

    /** Leader: stop tracking a follower whose removal committed; returns its progress, or null. */
    Progress untrack(int node) {
        return progress.remove(node);
    }

    /** Thesis §4.2.2: our removal committed; from now on we take no part. */
    void markRemoved() {
        removed = true;
    }

    /** A new heartbeat round (thesis §6.4: replies to it confirm the reads registered for it). */
    long nextHeartbeatRound() {
        return ++msgId;
    }

    // ---------------------------------------------------------------- outputs for the next Ready

    /** A snapshot chunk received in order, for the application to store. */
    void emitChunk(SnapshotChunk chunk) {
        chunks.add(chunk);
    }

    /** Every chunk is in: hand the snapshot to the application once earlier writes are durable. */
    void snapshotReceived(SnapshotMeta meta) {
        pendingInstall = meta;
    }

    void readConfirmed(ReadState state) {
        readStates.add(state);
    }

    void readFailed(long requestId) {
        failedReads.add(requestId);
    }

    List<Integer> voters() {
        return configs.currentVoters();
    }

    // ---------------------------------------------------------------- time

    void tick() {
        if (removed) return;
        if (role == Role.LEADER) tickLeader();
        else tickElection();
    }

    private void tickElection() {
        electionElapsed++;
        if (promotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            election.campaign(cfg.preVote(), false);
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        int abandoned = transfer.tick();
        if (abandoned != 0) transferTimedOut = abandoned;
        if (electionElapsed >= cfg.electionTicks()) {
            electionElapsed = 0;
            if (cfg.checkQuorum() && !quorumActive()) {
                // thesis §6.2: without contact with a majority we may be deposed already
                becomeFollower(term, 0);
                return;
            }
            for (Progress pr : progress.values()) pr.recentActive = false;
        }
        if (heartbeatElapsed >= cfg.heartbeatTicks()) {
            heartbeatElapsed = 0;
            replicator.heartbeatRound(true);
        }
    }

    /**
     * thesis §4.2.3: whether we heard from a current leader (or are one) within the minimum election
     * timeout. Only with CheckQuorum, which makes a leader without a majority step down within that
     * time, so a lease never outlives the leadership it protects (as etcd's inLease).
     */
    private boolean inLeaderLease() {
        return cfg.checkQuorum() && leaderId != 0 && electionElapsed < cfg.electionTicks();
    }

    private boolean quorumActive() {
        return MajorityQuorum.hasQuorum(voters(), v -> {
            if (v == id) return true;
            Progress pr = progress.get(v);
            return pr != null && pr.recentActive;
        });
    }

    // ---------------------------------------------------------------- messages

    /** Entry point for peers' messages; applies the term rules of §5.1 before dispatching. */
    void step(RaftMessage m) {
        if (removed || m.to() != id || m.from() == id) return;
        if (m instanceof VoteRequest && !configs.current().isVoter(m.from())) {
            // thesis §4.2.3: a server removed from the cluster (or not yet a voter) that never
            // learned it must not depose leaders with ever higher terms: ignore it entirely
            return;
        }
        if (m.term() > term && m instanceof VoteRequest vr && !vr.preVote() && !vr.transfer() && inLeaderLease()) {
            // thesis §4.2.3: a RequestVote within the minimum election timeout of hearing from a
            // current leader neither updates our term nor gets our vote. A candidate that skipped
            // the pre-vote, or a forged request, must not depose a leader a majority still hears.
            ignoredInLease++;
            return;
        }
        if (m.term() > term && (m instanceof AppendEntriesRequest || m instanceof InstallSnapshotRequest
                || m instanceof TimeoutNow) && !configs.current().contains(m.from()) && inLeaderLease()) {
            // The same lease against a "leader" of a higher term that is no member of our
            // configuration: a node of another cluster or a forged sender. A real new leader unknown
            // to a lagging configuration is heard once the lease (one election timeout) is over.
            ignoredInLease++;
            return;
        }
        if (m.term() > term) {
            if (m instanceof VoteRequest vr && vr.preVote()) {
                // thesis §9.6: a pre-vote does not change our term
            } else if (m instanceof VoteResponse r && r.preVote() && r.granted()) {
                // the term of a granted pre-vote is the one the candidate will use, not the voter's
            } else {
                boolean fromLeader = m instanceof AppendEntriesRequest || m instanceof InstallSnapshotRequest
                        || m instanceof TimeoutNow;
                becomeFollower(m.term(), fromLeader ? m.from() : 0);
            }
        } else if (m.term() < term) {
            rejectStale(m);
            return;
        }
        switch (m) {
            case AppendEntriesRequest r -> appendHandler.handle(r);
            case AppendEntriesResponse r -> appendResponseHandler.handle(r);
            case VoteRequest r -> election.handleRequest(r);
            case VoteResponse r -> election.handleResponse(r);
            case InstallSnapshotRequest r -> snapshotHandler.handle(r);
            case InstallSnapshotResponse r -> snapshotResponseHandler.handle(r);
            case TimeoutNow r -> election.handleTimeoutNow(r);
        }
    }

    /**
     * §5.1: a request from an older term is refused with our term, so that a deposed leader (or
     * a candidate behind a partition, for pre-votes) learns it is stale and steps down.
     */
    private void rejectStale(RaftMessage m) {
        switch (m) {
            case AppendEntriesRequest r -> send(new AppendEntriesResponse(id, r.from(), term, false,
                    log.lastIndex(), r.msgId(), 0, 0));
            case InstallSnapshotRequest r -> send(new InstallSnapshotResponse(id, r.from(), term, r.msgId(),
                    r.snapshotIndex(), 0, false, false));
            case VoteRequest r when r.preVote() -> send(new VoteResponse(id, r.from(), term, true, r.term(), false));
            default -> { }
        }
    }

    void send(RaftMessage m) {
        msgs.add(m);
    }

    /** Messages that vouch for state this node has not yet made durable (Figure 2: persist before responding). */
    void sendAfterPersist(RaftMessage m) {
        msgsAfterPersist.add(m);
    }

    // ---------------------------------------------------------------- client requests

    long propose(List<byte[]> batch) {
        return propose(EntryType.NORMAL, batch);
    }

    long propose(EntryType type, List<byte[]> batch) {
        checkCanAppend();
        if (batch.isEmpty()) throw new IllegalArgumentException("empty batch");
        long first = log.lastIndex() + 1;
        List<Entry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(new Entry(first + i, term, type, batch.get(i)));
        }
        appendEntries(entries);
        return first;
    }

    void checkCanAppend() {
        if (removed) throw new RaftException(RaftError.SHUTDOWN);
        if (role != Role.LEADER) throw new RaftException(RaftError.NOT_LEADER, leaderId);
        // thesis §3.10: a leader handing over stops taking new entries
        if (transfer.inProgress()) throw new RaftException(RaftError.LEADER_TRANSFER_IN_PROGRESS);
    }

    /** Leader append: the entries (and any configuration they carry) take effect at once (thesis §4.1). */
    void appendEntries(List<Entry> entries) {
        log.append(entries);
        boolean config = false;
        for (Entry e : entries) {
            compaction.appended(e);
            if (e.type().isConfigChange()) {
                configs.append(e);
                config = true;
            }
        }
        if (config) membership.syncProgress();
        // a lone voter commits as soon as its own write is durable: see persisted()
    }

    long proposeConfChange(ConfChange change) {
        return membership.propose(change);
    }

    int newNodeId() {
        ClusterConfig c = configs.current();
        while (true) {
            int candidate = random.nextInt(1, Integer.MAX_VALUE);
            if (!c.isUsed(candidate) && candidate != id) return candidate;
        }
    }

    /** ReadIndex, thesis §6.4: see {@link ReadIndexHandler}. */
    void readIndex(long requestId) {
        reads.request(requestId);
    }

    /** Thesis §3.10: see {@link LeadershipTransfer}. */
    int transferLeadership(int target) {
        return transfer.start(target);
    }

    boolean committedInCurrentTerm() {
        return log.term(log.committed) == term;
    }

    // ---------------------------------------------------------------- commit

    /** §5.3, §5.4.2: commit what a majority of voters holds, but only by counting an entry of our term. */
    void maybeCommit() {
        long q = MajorityQuorum.committed(membership.commitVoters(), v -> {
            if (v == id) return log.stableIndex();
            Progress pr = progress.get(v);
            return pr == null ? 0 : pr.match;
        });
        if (q > log.committed && log.term(q) == term) {
            long before = log.committed;
            log.commitTo(q);
            onCommitAdvanced(before);
        }
    }

    /** Follower side of §5.3: commit up to min(leaderCommit, index of last new entry). */
    void followerCommitTo(long index) {
        if (index > log.committed) {
            long before = log.committed;
            log.commitTo(index);
            onCommitAdvanced(before);
        }
    }

    private void onCommitAdvanced(long before) {
        reads.onCommit();
        membership.onCommit(before, log.committed);
    }

    // ---------------------------------------------------------------- snapshots

    boolean requestCompaction() {
        return compaction.request();
    }

    void snapshotTaken(SnapshotMeta meta) {
        compaction.taken(meta);
    }

    void snapshotFailed() {
        compaction.failed();
    }

    void snapshotInstalled(SnapshotMeta meta) {
        snapshotHandler.installed(meta);
    }

    /**
     * The application could not load or store the received snapshot. Forget the transfer: the
     * leader's next chunk (not at offset 0) is answered with "resume at 0" (Figure 13 step 2), so
     * the snapshot is sent again, and meanwhile AppendEntries are handled as before it began.
     */
    void snapshotInstallFailed() {
        snapshotHandler.failed();
        pendingInstall = null;
    }

    /** RedisRaft applies timeouts and limits live (CONFIG SET raft.*); so do we, from the next tick. */
    void reconfigure(RaftConfig next) {
        if (next.nodeId() != id) throw new IllegalArgumentException("node id cannot change");
        boolean windowChanged = next.appendReqMaxCount() != cfg.appendReqMaxCount();
        cfg = next;
        resetRandomizedElectionTimeout();
        if (windowChanged) {
            for (Progress pr : progress.values()) {
                pr.resizeWindow(next.appendReqMaxCount());
            }
        }
    }

    void setSnapshotSource(SnapshotSource source) {
        this.snapshotSource = source;
    }

    // ---------------------------------------------------------------- durability and Ready

    void persisted(long index, long t) {
        // an entry of term t is durable, so is the hard state (term >= t) written with or before it
        if (t > durableTerm && log.term(index) == t) durableTerm = t;
        log.stableTo(index, t);
        if (role == Role.LEADER) maybeCommit();
    }

    boolean hasReady() {
        if (readyOutstanding) return false;
        flush();
        return !msgs.isEmpty() || !msgsAfterPersist.isEmpty() || log.hasUnstable() || (applyLimit > 0 && log.hasCommittedToApply())
                || !readStates.isEmpty() || !failedReads.isEmpty() || !chunks.isEmpty() || installDue()
                || compaction.done != null || transferTimedOut != 0 || !softState().equals(prevSoftState)
                || !hardState().equals(prevHardState) || compaction.due();
    }

    /**
     * The application replaces the log when it installs a snapshot, so it must not do so while
     * writes of earlier entries are still in flight: the snapshot waits until they are durable.
     */
    private boolean installDue() {
        return pendingInstall != null && log.allPersisted();
    }

    Ready ready() {
        if (readyOutstanding) throw new IllegalStateException("advance() the previous Ready first");
        flush();
        SoftState soft = softState();
        HardState hard = hardState();
        SoftState softOut = soft.equals(prevSoftState) ? null : soft;
        HardState hardOut = hard.equals(prevHardState) ? null : hard;
        boolean voteChanged = hardOut != null && (hard.term() != prevHardState.term()
                || hard.votedFor() != prevHardState.votedFor());
        List<RaftMessage> now = List.copyOf(msgs);
        List<RaftMessage> later = List.copyOf(msgsAfterPersist);
        if (voteChanged || (role == Role.LEADER && durableTerm < term)) {
            // nothing leaves this node in a term (or with a vote) that is not yet durable; a lone
            // voter wins its election before its new term is written, so its messages wait too
            ArrayList<RaftMessage> all = new ArrayList<>(now);
            all.addAll(later);
            now = List.of();
            later = all;
        }
        List<Entry> entries = log.takeUnstable();
        SnapshotMeta install = null;
        if (installDue()) {
            install = pendingInstall;
            pendingInstall = null;
        }
        // a snapshot to install supersedes every committed entry still unapplied: hand out none
        // with it (the application would otherwise apply older entries on top of the snapshot)
        List<Entry> committed = install != null ? List.of() : log.takeCommitted(MAX_APPLY_BYTES, applyLimit);
        Ready rd = new Ready(softOut, hardOut, entries, now, later, committed, List.copyOf(readStates),
                List.copyOf(failedReads), List.copyOf(chunks), install, compaction.takeRequest(), compaction.done,
                transferTimedOut);
        msgs.clear();
        msgsAfterPersist.clear();
        readStates.clear();
        failedReads.clear();
        chunks.clear();
        compaction.done = null;
        transferTimedOut = 0;
        prevSoftState = soft;
        prevHardState = hard;
        readyOutstanding = true;
        return rd;
    }

    void advance(Ready rd) {
        if (!rd.committedEntries().isEmpty()) {
            log.appliedTo(rd.committedEntries().get(rd.committedEntries().size() - 1).index());
        }
        readyOutstanding = false;
    }

    /** Turns pending leader work (new entries, a read round, a new commit index) into messages. */
    private void flush() {
        if (role != Role.LEADER) return;
        if (reads.roundNeeded) {
            reads.roundNeeded = false;
            replicator.heartbeatRound(false);
        }
        replicator.sendPending(false);
    }

    private SoftState softState() {
        return new SoftState(role, leaderId);
    }

    private HardState hardState() {
        return new HardState(term, vote, log.committed);
    }

    // ---------------------------------------------------------------- status

    boolean isReadyToServe() {
        return role == Role.LEADER && log.applied >= leaderNoopIndex;
    }

    RaftStatus status() {
        List<PeerStatus> peers = new ArrayList<>();
        if (role == Role.LEADER) {
            ClusterConfig c = configs.current();
            for (Progress pr : progress.values()) {
                peers.add(new PeerStatus(pr.id, c.isVoter(pr.id), pr.match, pr.next, pr.stateName(),
                        pr.inflightCount(), pr.recentActive));
            }
        }
        return new RaftStatus(id, role, term, leaderId, vote, log.committed, log.applied, log.firstIndex(),
                log.lastIndex(), storage.snapshot(), configs.current(), peers, transfer.target, removed,
                refusedTruncations);
    }

    int id() { return id; }
    Role role() { return role; }
    long term() { return term; }
    int leaderId() { return leaderId; }
    int votedFor() { return vote; }
    long commitIndex() { return log.committed; }
    long lastApplied() { return log.applied; }
    long lastIndex() { return log.lastIndex(); }
    ClusterConfig config() { return configs.current(); }
    boolean isRemoved() { return removed; }
    long refusedTruncations() { return refusedTruncations; }

    long ignoredInLease() { return ignoredInLease; }

    void bootstrap(String address) {
        if (term != 0 || log.lastIndex() != 0) throw new IllegalStateException("already initialised");
        term = 1;
        vote = id;
        becomeLeader();
        ConfChange self = new ConfChange(EntryType.ADD_NODE, id, address);
        appendEntries(List.of(self.toEntry(log.lastIndex() + 1, term)));
    }
}
