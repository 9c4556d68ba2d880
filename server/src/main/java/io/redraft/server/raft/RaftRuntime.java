package io.redraft.server.raft;

import static io.redraft.server.node.Replies.lower;

import io.redraft.raft.ConfChange;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftException;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.RaftNode;
import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.ReadState;
import io.redraft.raft.Ready;
import io.redraft.raft.Role;
import io.redraft.raft.SoftState;
import io.redraft.resp.ReplySink;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.net.NettyServer;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.ClusterRole;
import io.redraft.server.node.CommandRouter;
import io.redraft.server.node.InfoSection;
import io.redraft.server.node.NodeThread;
import io.redraft.server.node.Replies;
import io.redraft.storage.FileSystem;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.StorageConfig;
import io.redraft.store.Store;
import io.redraft.store.session.SessionTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.slf4j.Logger;
import io.redraft.server.log.LogSetup;

/**
 * The node's Raft runtime, on the node thread: owns the core ({@link RaftNode}), the durable log
 * ({@link NodeStorage}, whose log thread fsyncs in the background) and the keyspace
 * ({@link Store}), and runs the Ready loop after every batch of requests and every tick.
 *
 * <p>Writes gathered in one batch become one log entry; each client is blocked until the entry is
 * applied and gets its own reply. Reads go through ReadIndex when {@code raft.quorum-reads} is on.
 */
public final class RaftRuntime implements ClusterRole {
    private static final Logger log = LogSetup.raft("runtime");

    enum State { UNINITIALIZED, JOINING, LOADING, UP }

    final NodeThread node;
    final ServerConfig config;
    final CommandRouter router;
    final PeerNetwork peers;
    final Store store = new Store();
    /** Client sessions (thesis §6.3): replicated state beside the keyspace, replaced with it by snapshots. */
    SessionTable sessions = new SessionTable();
    final RandomGenerator random;
    final InboundRpc inbound;
    final PeerGuard peerGuard = new PeerGuard();
    final HeartbeatKeeper keeper;
    final ClientPath clients;
    final RaftStats stats = new RaftStats();
    final Snapshots snapshots = new Snapshots(this);
    final FollowerProxy proxy = new FollowerProxy(this);
    final ServeWaits serveWaits = new ServeWaits(this);
    final ApplyThrottle applyThrottle = new ApplyThrottle(this);
    final NetDropHook netDrop = new NetDropHook();
    private final Map<Integer, PeerLink> links = new HashMap<>();
    /** Proposals this node made, by log index, waiting to be applied. */
    final Map<Long, Proposal> proposals = new HashMap<>();

    State state = State.UNINITIALIZED;
    /** A RAFT.TRANSFER_LEADER waiting for the election it started, or null. */
    Transfer transfer;
    private boolean removedHandled;
    private volatile Runnable onRemoved = () -> { };
    private volatile Runnable onFatal = () -> { };

    record Transfer(ClientSession session, int target) {}
    NodeStorage storage;
    /** "Now" for commands the leader logs and for reads; see {@link io.redraft.server.node.WallClock}. */
    final io.redraft.server.node.WallClock clock;
    RaftNode raft;
    long appliedIndex;
    private io.redraft.raft.ClusterConfig linkedConfig;

    /** Who waits for a log entry: the sessions of a command batch, or an admin command. */
    record Proposal(long term, List<ClientSession> sessions, Admin admin) {}

    /** RAFT.NODE ADD / REMOVE waiting for their membership entry. */
    record Admin(ClientSession session, boolean add, int nodeId) {}

    public RaftRuntime(NodeThread node, CommandRouter router, NettyServer netty) {
        this.node = node;
        this.config = node.context().config;
        this.clock = node.context().clock;
        this.router = router;
        this.peers = new PeerNetwork(netty, node, config, this::dbid, () -> raft == null ? 0 : raft.id());
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        this.inbound = new InboundRpc(node);
        this.clients = new ClientPath(this);
        this.keeper = new HeartbeatKeeper(node::busyNanos);
        store.onInternalError(node.context().internalErrors::report);
        node.onTick(config.periodicIntervalMs(), this::tick);
        config.onChange("raft.periodic-interval", v -> node.execute(() -> node.onTick(Integer.parseInt(v), this::tick)));
        node.afterBatch(this::afterBatch);
        // RedisRaft applies these live (reference §5); timeouts are counted in ticks, so a new
        // periodic-interval changes them too.
        for (String p : new String[] {"raft.periodic-interval", "raft.request-timeout", "raft.election-timeout",
                "raft.append-req-max-count", "raft.append-req-max-size",
                "raft.snapshot-req-max-count", "raft.snapshot-req-max-size"}) {
            config.onChange(p, v -> node.execute(() -> {
                if (raft != null) raft.reconfigure(raftConfig(raft.id()));
            }));
        }
        // Also live in RedisRaft: the compaction threshold (checked every tick) and the entry cache bound.
        for (String p : new String[] {"raft.log-max-file-size", "raft.log-max-cache-size"}) {
            config.onChange(p, v -> node.execute(() -> {
                if (storage != null) storage.setLimits(config.logMaxFileSize(), config.logMaxCacheSize());
            }));
        }
        for (String p : new String[] {"raft.log-disable-apply", "raft.log-delay-apply"}) {
            config.onChange(p, v -> node.execute(applyThrottle::reconfigured));
        }
        config.onChange("raft.snapshot-disable-load", v -> node.execute(snapshots::loadEnabled));
    }

    /** Recovers a node that was initialized before (its files exist) so it rejoins its cluster. */
    public void recover() throws IOException {
        RedisRaftImportHook.run(this); // a RedisRaft node's files become Redraft's first
        NodeStorage s = openStorage();
        if (!s.isInitialized()) {
            closeQuietly(s);
            return;
        }
        storage = s;
        applyTestHooks();
        config.markInitialized(s.nodeId());
        // A snapshot is loaded off the node thread while the node answers LOADING (SnapshotStartup).
        if (!SnapshotStartup.begin(this, this::startCore)) startCore();
    }

    /** The keyspace holds the snapshot (if any): start the core, which replays the log after it. */
    private void startCore() {
        raft = newCore(storage.nodeId(), snapshots.fence(storage.log()));
        raft.expediteFirstElection(); // a restart: no leader is known, none to wait for
        snapshots.publish();
        state = State.UP;
        log.info("Raft node {} of cluster {} loaded from its log", storage.nodeId(), storage.dbid());
    }

    /** Something the node cannot start without failed (loading its snapshot): the process stops. */
    void fatal(String what, Throwable e) {
        log.error("{}, the node stops: {}", what, e.toString());
        fatal = true;
        onFatal.run();
    }

    private volatile boolean fatal;

    /** Set by {@code RAFT.DEBUG FSYNC-DELAY} ({@link TestHooks}); outlives a re-initialized storage. */
    long testFsyncDelayMillis;

    void applyTestHooks() {
        if (storage != null && storage.isInitialized()) storage.writer().setTestFsyncDelay(testFsyncDelayMillis);
    }

    private NodeStorage openStorage() throws IOException {
        StorageConfig sc = storageConfig();
        return NodeStorage.open(sc, FileSystem.real(sc.dir()), failure -> node.execute(() -> logWriteFailed(failure)));
    }

    /**
     * Nothing more can be made durable (a full disk, a failing device): acknowledging anything now
     * would be a lie, and the files must stay as they are. As Redis does when it cannot write its
     * AOF, the node stays up and answers every command with a MISCONF error; it also stops taking
     * part in Raft (no ticks, no votes, no answers to peers), so the others carry on without it.
     * Every client still waiting learns that its request's outcome is unknown. Recovery is a
     * restart once space is back: the log is replayed from the files, a torn tail cut.
     */
    private void logWriteFailed(Throwable failure) {
        storageFailed(failure, "the Raft log");
    }

    /**
     * Any write of the node's files failed ({@code what}: the log, a received snapshot, metadata):
     * the same stop as for the log, since the files may no longer say what the node acknowledged.
     */
    void storageFailed(Throwable failure, String what) {
        if (logFailure != null) return;
        String reason = StorageFailure.isDiskFull(failure) ? "No space left on device" : failure.toString();
        logFailure = "MISCONF Errors writing to the Raft log: " + reason;
        log.warn("Writing {} failed ({}): this node accepts no more commands and takes no part in the cluster."
                + " Free space in {} and restart it: it recovers from its files.", what, reason, config.dir());
        for (Proposal p : proposals.values()) clients.notCommitted(p, completions);
        proposals.clear();
        clients.failAllReads(completions);
        serveWaits.failAll(logFailure);
        for (PeerLink l : links.values()) l.close();
        links.clear();
        List<Runnable> run = new ArrayList<>(completions);
        completions.clear();
        run.forEach(Runnable::run);
    }

    /** Set once the log could not be written: the error every command gets from then on. */
    private String logFailure;

    StorageConfig storageConfig() {
        return new StorageConfig(config.dir(), config.raftLogFilename(), config.dbfilename(), config.logFsync(),
                config.logMaxFileSize(), config.logMaxCacheSize(), 1024);
    }

    RaftConfig raftConfig(int id) {
        // Compaction is asked for by the server when storage says the log is too big.
        return RaftConfig.fromMillis(id, config.periodicIntervalMs(), config.requestTimeoutMs(), config.electionTimeoutMs())
                .withAppendLimits(config.appendReqMaxCount(), config.appendReqMaxSize())
                .withSnapshotLimits(config.snapshotReqMaxCount(), (int) config.snapshotReqMaxSize())
                .withCompactionThreshold(0);
    }

    private RaftNode newCore(int id, io.redraft.raft.LogStorage log) {
        RaftNode core = new RaftNode(raftConfig(id), log, random);
        // §5.4 (Leader Completeness): a committed entry is never overwritten. The core refuses such
        // a request; a warning makes the fault harness's crash checker fail the run that caused it.
        core.setRefusalListener((from, term, index, committed) -> RaftRuntime.log.warn(
                "Refused an AppendEntries from node {} (term {}) that would truncate committed entry {} (commit index {})",
                from, term, index, committed));
        return core;
    }

    int newNodeId() {
        int id = config.raftId();
        while (id == 0) id = random.nextInt() & 0x7fffffff;
        return id;
    }

    /** The address peers and clients reach this node at ({@code raft.addr}, else our interface and port). */
    String myAddress() {
        String a = config.raftAddr();
        if (!a.isEmpty()) return a;
        return Addresses.firstNonLoopback() + ":" + node.context().boundPort;
    }

    /** Opens storage for a new cluster identity and starts the core. */
    void initialize(String dbid, int id) {
        try {
            NodeStorage s = openStorage();
            s.initialize(dbid, id);
            storage = s;
            applyTestHooks();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        raft = newCore(id, snapshots.fence(storage.log()));
        state = State.UP;
        config.markInitialized(id);
        log.info("Raft node {} initialized, cluster {}", id, dbid);
    }

    // ---- ClusterRole ----

    @Override
    public List<InfoSection> infoSections() {
        return RaftInfo.render(this, links);
    }

    @Override
    public List<String> keyspaceLines() {
        long keys = store.size();
        if (keys == 0) return List.of();
        return List.of("db0:keys=" + keys + ",expires=" + store.keyspace().volatileKeys() + ",avg_ttl=0");
    }

    @Override
    public void intercepted(ClientSession s, byte[][] argv, ReplySink out) {
        clients.intercepted(s, argv, out);
    }

    @Override
    public void ignored(ClientSession s, byte[][] argv, ReplySink out) {
        clients.ignored(s, argv, out);
    }

    @Override
    public boolean raftCommand(ClientSession s, String name, byte[][] argv, ReplySink out) {
        return switch (name) {
            case "raft.cluster" -> {
                AdminCommands.cluster(this, s, argv, out);
                yield true;
            }
            case "raft.node" -> {
                AdminCommands.node(this, s, argv, out);
                yield true;
            }
            case "raft.transfer_leader" -> {
                AdminCommands.transferLeader(this, s, argv, out);
                yield true;
            }
            case "raft.entry" -> {
                AdminCommands.entry(this, s, argv, out);
                yield true;
            }
            case "raft.nodeshutdown" -> {
                AdminCommands.nodeShutdown(this, argv, out);
                yield true;
            }
            case "raft.debug" -> {
                AdminCommands.debug(this, s, argv, out);
                yield true;
            }
            case "raft.peer" -> {
                peerGuard.hello(s, argv, dbid(), out);
                yield true;
            }
            case "raft.ae", "raft.requestvote", "raft.snapshot", "raft.timeout_now" -> {
                AdminCommands.rpc(this, s, name, argv, out);
                yield true;
            }
            default -> false;
        };
    }

    @Override
    public boolean pipelinableWrite(ClientSession s, byte[][] argv) {
        return state == State.UP && !snapshots.loading() && clients.pipelinable(s, argv);
    }

    @Override
    public boolean pipelinableRead(ClientSession s, byte[][] argv) {
        return state == State.UP && clients.pipelinableRead(s, argv);
    }

    @Override
    public void disconnected(ClientSession s) {
        inbound.forget(s);
        peerGuard.forget(s);
    }

    /** The error for a node that cannot take client commands now, or null when it can. */
    String stateError() {
        String err = rpcStateError();
        return err == null && snapshots.loading() ? LOADING : err;
    }

    static final String LOADING = "LOADING Raft module is loading data";

    /**
     * The error for Raft RPCs: unlike clients they still reach the core while a received snapshot
     * loads in the background, so that the leader's heartbeats keep resetting the election timer.
     */
    String rpcStateError() {
        if (logFailure != null) return logFailure;
        return switch (state) {
            case UNINITIALIZED -> "NOCLUSTER No Raft Cluster";
            case JOINING -> "NOCLUSTER No Raft Cluster (joining now)";
            case LOADING -> LOADING;
            case UP -> null;
        };
    }

    /** MOVED / CLUSTERDOWN when this node may not serve client commands, else null (reference §7.1). */
    String leaderError() {
        if (!raft.isLeader()) {
            int leader = raft.leaderId();
            var m = leader == 0 ? null : raft.config().member(leader);
            if (m == null) return "CLUSTERDOWN No raft leader";
            return "MOVED 0 " + m.address();
        }
        if (!raft.isReadyToServe()) return "CLUSTERDOWN No raft leader";
        return null;
    }

    // ---- the Ready loop ----

    private void tick() {
        if (raft == null || logFailure != null) return;
        raft.tick();
        snapshots.tick(storage.compactionDue() && !config.snapshotDisable());
        if (snapshots.importing != null) snapshots.importing.applied();
        if (config.followerProxy() && !raft.isLeader()) {
            var leader = raft.leaderId() == 0 ? null : raft.config().member(raft.leaderId());
            proxy.tick(leader == null ? null : leader.address());
        } else {
            proxy.abandon();
        }
        serveWaits.check();
        long now = System.nanoTime();
        for (PeerLink l : links.values()) l.tick(now);
        keeper.publish(leadership());
    }

    /** What the heartbeat keeper needs to speak for this leader while the node thread is busy; null if not leading. */
    private HeartbeatKeeper.Leadership leadership() {
        if (!raft.isLeader() || logFailure != null) return null;
        Map<Integer, String> followers = new HashMap<>();
        for (var m : raft.config().members()) if (m.id() != raft.id()) followers.put(m.id(), m.address());
        return new HeartbeatKeeper.Leadership(dbid(), raft.id(), raft.term(), Map.copyOf(followers),
                config.requestTimeoutMs(), config.electionTimeoutMs(), config.clusterUser(), config.clusterPassword());
    }

    private void afterBatch() {
        if (raft == null) return;
        if (logFailure != null) {
            clients.failGathered(logFailure);
            return;
        }
        clients.proposeBatch();
        drive();
    }

    void drive() {
        if (raft != null) applyThrottle.begin();
        while (raft != null && logFailure == null && raft.hasReady()) {
            // The log thread failed and its report is still on the way to this thread: nothing
            // more may be persisted, so nothing of a new Ready may be sent, applied or answered.
            if (storage.writer().failure() != null) return;
            Ready rd = raft.ready();
            for (SnapshotChunk c : rd.snapshotChunks()) snapshots.chunk(c);
            if (!rd.entries().isEmpty() || rd.hardState() != null) {
                Entry last = rd.lastEntry();
                List<RaftMessage> after = rd.messagesAfterPersist();
                try {
                    storage.writer().submit(rd.entries(), rd.hardState(),
                            p -> node.execute(() -> persisted(last, after)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IllegalStateException writerFailed) {
                    return; // failed between the check above and the submit: the node is stopping
                }
            } else {
                send(rd.messagesAfterPersist());
            }
            send(rd.messages());
            if (rd.snapshotToInstall() != null) snapshots.install(rd.snapshotToInstall());
            for (Entry e : rd.committedEntries()) apply(e);
            if (!rd.committedEntries().isEmpty()) applyThrottle.applied(appliedIndex);
            if (snapshots.importing != null && !rd.committedEntries().isEmpty()) snapshots.importing.applied();
            for (ReadState r : rd.readStates()) clients.readConfirmed(r, completions);
            for (Long id : rd.failedReads()) clients.readFailed(id, completions);
            clients.serveDeferredReads(completions);
            if (rd.snapshotRequest() != null) snapshots.take(rd.snapshotRequest());
            if (rd.softState() != null) roleChanged(rd.softState());
            if (rd.softState() != null || rd.transferTimedOut() != 0) transferProgress(rd);
            raft.advance(rd);
            if (raft.config() != linkedConfig) syncLinks();
            boolean removed = raft.isRemoved() && !removedHandled;
            // Unblocking a client runs its queued requests, which may call into the core: only
            // now that this Ready is handed back.
            List<Runnable> run = new ArrayList<>(completions);
            completions.clear();
            run.forEach(Runnable::run);
            if (removed) {
                removedHandled = true;
                leaveCluster();
            }
        }
        serveWaits.check();
    }

    private Role loggedRole;
    private int loggedLeader;

    /** Role and leader changes are rare and the first thing asked after a fault: logged at notice. */
    private void roleChanged(SoftState soft) {
        if (soft.role() == loggedRole && soft.leaderId() == loggedLeader) return;
        if (soft.role() != loggedRole) {
            log.info("State change: node is now a {} in term {}", soft.role().infoName(), raft.term());
        }
        if (soft.leaderId() != loggedLeader && soft.role() != Role.LEADER) {
            log.info("Leader is now {}", soft.leaderId() == 0 ? "unknown" : "node " + soft.leaderId());
        }
        loggedRole = soft.role();
        loggedLeader = soft.leaderId();
    }

    /** RedisRaft's reaction to removal: archive the files, then shut the server down. */
    void leaveCluster() {
        log.warn("This node was removed from the cluster; archiving its files and shutting down");
        for (PeerLink l : links.values()) l.close();
        links.clear();
        try {
            storage.archive();
        } catch (IOException e) {
            log.warn("Archiving the Raft files failed: {}", e.toString());
        }
        storage = null;
        raft = null;
        state = State.UNINITIALIZED;
        node.runAfterFlush(onRemoved);
    }

    /** Work to do once the current Ready has been advanced. */
    final List<Runnable> completions = new ArrayList<>();

    /** What happens when the log can no longer be written (Main exits with status 1). */
    public void onFatal(Runnable r) {
        this.onFatal = r;
        if (fatal) r.run(); // it failed before anyone was listening
    }

    /** What happens when the cluster removes this node (RedisRaft shuts the server down). */
    public void onRemoved(Runnable r) {
        this.onRemoved = r;
    }

    private void transferProgress(Ready rd) {
        if (transfer == null) return;
        String reply = null;
        if (rd.transferTimedOut() != 0) {
            reply = "ERR transfer timed out";
        } else if (rd.softState().leaderId() != 0 && rd.softState().leaderId() != raft.id()) {
            reply = rd.softState().leaderId() == transfer.target() ? null : "ERR different node elected leader";
            if (reply == null) {
                node.sink(transfer.session()).status("OK");
                ClientSession s = transfer.session();
                completions.add(() -> node.complete(s));
                transfer = null;
                return;
            }
        }
        if (reply != null) {
            node.sink(transfer.session()).error(reply);
            ClientSession s = transfer.session();
            completions.add(() -> node.complete(s));
            transfer = null;
        }
    }

    private void persisted(Entry last, List<RaftMessage> after) {
        if (raft == null) return;
        if (last != null) raft.persisted(last.index(), last.term());
        send(after);
        drive();
    }

    private void send(List<RaftMessage> messages) {
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
            l.send(m);
        }
    }

    private PeerLink link(int id, String address) {
        PeerLink l = new PeerLink(id, address, peers, msg -> {
            if (raft != null && !netDrop.drops(id)) raft.step(msg);
        });
        links.put(id, l);
        l.tick(System.nanoTime());
        return l;
    }

    private void syncLinks() {
        linkedConfig = raft.config();
        for (var m : linkedConfig.members()) {
            if (m.id() == raft.id()) continue;
            PeerLink l = links.get(m.id());
            if (l == null) link(m.id(), m.address());
        }
        // Links to removed members stay until the removal is applied: the member must still
        // receive the entries up to its removal (and then RAFT.NODESHUTDOWN).
    }

    private void apply(Entry e) {
        appliedIndex = e.index();
        Proposal p = proposals.remove(e.index());
        boolean ours = p != null && p.term() == e.term();
        if (p != null && !ours) clients.notCommitted(p, completions);
        switch (e.type()) {
            case NORMAL -> clients.applyBatch(CommandBatch.decode(e.data()), ours ? p.sessions() : null, completions);
            case ADD_NODE, ADD_NONVOTING_NODE, REMOVE_NODE -> {
                ConfChange c = ConfChange.decode(e.type(), e.data());
                if (ours && p.admin() != null) AdminCommands.membershipApplied(this, p.admin(), c, completions);
                if (c.type() == EntryType.REMOVE_NODE && c.nodeId() != raft.id()) {
                    PeerLink l = links.remove(c.nodeId());
                    if (l != null) {
                        // Best effort, as RedisRaft: tell the removed node to archive and stop.
                        if (raft.isLeader()) {
                            l.sendRaw(new byte[][] {bytes("RAFT.NODESHUTDOWN"), bytes(Integer.toString(c.nodeId()))});
                        }
                        l.close();
                    }
                }
            }
            case NO_OP -> { }
        }
    }

    /** Appends a proposal for the batch, remembering who waits for it. */
    long propose(byte[] data, List<ClientSession> sessions) {
        long index = raft.propose(data);
        proposals.put(index, new Proposal(raft.term(), sessions, null));
        return index;
    }

    String dbid() {
        return storage == null ? "" : storage.dbid();
    }


    static String err(RaftException e) {
        return "ERR " + e.getMessage();
    }

    static String name(byte[] b) {
        return lower(b);
    }

    static byte[] bytes(String s) {
        return Replies.bytes(s);
    }

    public void close() {
        keeper.shutdown();
        snapshots.close();
        for (PeerLink l : links.values()) l.close();
        if (storage != null) closeQuietly(storage);
    }

    private static void closeQuietly(NodeStorage s) {
        try {
            s.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("Closing the Raft log failed: {}", e.toString());
        }
    }
}
