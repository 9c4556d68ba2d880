package io.redraft.server.cluster;

import io.redraft.server.client.CommandBatch;

import io.redraft.server.command.DataCommands;
import io.redraft.raft.ConfChange;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftException;
import io.redraft.raft.RaftNode;
import io.redraft.raft.ReadyLoop;
import io.redraft.resp.ReplySink;
import io.redraft.server.admin.AdminCommands;
import io.redraft.server.admin.NetDropHook;
import io.redraft.server.admin.ServeWaits;
import io.redraft.server.blocking.BlockedClients;
import io.redraft.server.client.ClientPath;
import io.redraft.server.client.FollowerProxy;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.log.LogSetup;
import io.redraft.server.net.NettyServer;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.ClusterRole;
import io.redraft.server.node.CommandRouter;
import io.redraft.server.node.InfoSection;
import io.redraft.server.node.NodeThread;
import io.redraft.server.node.WallClock;
import io.redraft.server.peer.Addresses;
import io.redraft.server.peer.HeartbeatKeeper;
import io.redraft.server.peer.InboundRpc;
import io.redraft.server.peer.PeerGuard;
import io.redraft.server.peer.PeerLinks;
import io.redraft.server.peer.PeerNetwork;
import io.redraft.server.snapshot.SnapshotStartup;
import io.redraft.server.snapshot.Snapshots;
import io.redraft.storage.FileSystem;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.StorageConfig;
import io.redraft.store.Keyspace;
import io.redraft.store.Store;
import io.redraft.store.session.SessionTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.slf4j.Logger;

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

    private final NodeThread node;
    private final ServerConfig config;
    private final CommandRouter router;
    private final PeerNetwork peers;
    private final Store store;
    /** Client sessions (thesis §6.3): replicated state beside the keyspace, replaced with it by snapshots. */
    private SessionTable sessions = new SessionTable();
    private final RandomGenerator random;
    private final InboundRpc inbound;
    private final PeerGuard peerGuard = new PeerGuard();
    private final HeartbeatKeeper keeper;
    private final ClientPath clients;
    private final ExpirySweeper expiry;
    private final BlockedClients blocking;
    private final RaftStats stats = new RaftStats();
    private final Snapshots snapshots;
    private final FollowerProxy proxy;
    private final ServeWaits serveWaits;
    private final ApplyThrottle applyThrottle = new ApplyThrottle(this);
    private final NetDropHook netDrop = new NetDropHook();
    private final PeerLinks links;
    private final Proposals proposals;
    private final LeaderTransfer transfer;
    private final ReadyPorts ports = new ReadyPorts(this);
    private final Shards shards = new Shards(this);
    private final ShardRefresh shardRefresh = new ShardRefresh(this);
    private final ReadyLoop loop = new ReadyLoop(ports);
    private final FsyncHooks fsyncHooks;

    private final NodeStatus status = new NodeStatus();
    private volatile Runnable onRemoved = () -> { };
    private volatile Runnable onFatal = () -> { };
    private NodeStorage storage;
    /** "Now" for commands the leader logs and for reads; see {@link WallClock}. */
    private final WallClock clock;
    private RaftNode raft;
    private long appliedIndex;

    public RaftRuntime(NodeThread node, CommandRouter router, NettyServer netty) {
        this.node = node;
        this.store = new Store(DataCommands.extensions(node.pubsub(), node.context().acl.logged()));
        this.config = node.context().config;
        this.clock = node.context().clock;
        this.router = router;
        this.peers = new PeerNetwork(netty, node, config, this::dbid, () -> raft == null ? 0 : raft.id());
        byte[] seed = new byte[16];
        new SecureRandom().nextBytes(seed);
        this.random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        this.inbound = new InboundRpc(node);
        this.links = new PeerLinks(peers, inbound, () -> raft, netDrop::drops);
        if (node.context().metrics.enabled()) links.observe(node.context().metrics.raft().heartbeats());
        this.proposals = new Proposals(node);
        this.transfer = new LeaderTransfer(node);
        this.serveWaits = new ServeWaits(node);
        this.snapshots = new Snapshots(this);
        this.proxy = new FollowerProxy(this);
        this.clients = new ClientPath(this);
        this.expiry = new ExpirySweeper(this);
        this.blocking = new BlockedClients(this);
        proposals.onBlockedPop(blocking::notCommitted);
        this.fsyncHooks = new FsyncHooks(node.context().metrics);
        this.keeper = new HeartbeatKeeper(node::busyNanos, netty::secureLink);
        store.onInternalError(node.context().internalErrors::report);
        node.busyScripts = io.redraft.server.script.BusyScripts.of(store, node, config);
        node.onTick(config.periodicIntervalMs(), this::tick);
        config.onChange("raft.periodic-interval", v -> node.execute(() -> node.onTick(Integer.parseInt(v), this::tick)));
        node.afterBatch(this::afterBatch);
        node.largeRequestProgress = s -> links.receiving(peerGuard.peerOf(s, dbid()));
        LiveSettings.wire(this);
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
        fsyncHooks.applyTo(storage);
        config.markInitialized(s.nodeId());
        // A snapshot is loaded off the node thread while the node answers LOADING (SnapshotStartup).
        if (!SnapshotStartup.begin(this, this::startCore)) startCore();
    }

    /** The keyspace holds the snapshot (if any): start the core, which replays the log after it. */
    private void startCore() {
        raft = newCore(storage.nodeId(), snapshots.fence(storage.log()));
        raft.expediteFirstElection(); // a restart: no leader is known, none to wait for
        snapshots.publish();
        status.up();
        log.info("Raft node {} of cluster {} loaded from its log", storage.nodeId(), storage.dbid());
    }

    /** Something the node cannot start without failed (loading its snapshot): the process stops. */
    public void fatal(String what, Throwable e) {
        log.error("{}, the node stops: {}", what, e.toString());
        fatal = true;
        onFatal.run();
    }

    private volatile boolean fatal;

    /** {@code RAFT.DEBUG FSYNC-DELAY}: every fsync of the log waits this long, now and after a re-initialization. */
    public void delayFsyncs(long millis) {
        fsyncHooks.delay(millis);
        fsyncHooks.applyTo(storage);
    }

    private NodeStorage openStorage() throws IOException {
        StorageConfig sc = storageConfig();
        return NodeStorage.open(sc, FileSystem.real(sc.dir()), failure -> node.execute(() -> logWriteFailed(failure)));
    }

    /** A write of the log failed: see {@link StorageStop}. */
    private void logWriteFailed(Throwable failure) {
        storageFailed(failure, "the Raft log");
    }

    /** Any write of the node's files failed ({@code what}: the log, a received snapshot, metadata): see {@link StorageStop}. */
    public void storageFailed(Throwable failure, String what) {
        StorageStop.stop(this, failure, what);
    }

    public NodeStatus status() { return status; }
    String storageError() { return status.storageError(); }

    public StorageConfig storageConfig() {
        return CoreSetup.storageConfig(config);
    }

    RaftConfig raftConfig(int id) {
        return CoreSetup.raftConfig(config, id);
    }

    private RaftNode newCore(int id, io.redraft.raft.LogStorage log) {
        return CoreSetup.newCore(raftConfig(id), log, random);
    }

    /** The id a new cluster's first node takes: {@code raft.id}, else a random one. */
    public int newNodeId() {
        int id = config.raftId();
        while (id == 0) id = random.nextInt() & 0x7fffffff;
        return id;
    }

    /** The address peers and clients reach this node at ({@code raft.addr}, else our interface and port). */
    public String myAddress() {
        String a = config.raftAddr();
        if (!a.isEmpty()) return a;
        return Addresses.firstNonLoopback() + ":" + node.context().boundPort;
    }

    /** Opens storage for a new cluster identity and starts the core. */
    public void initialize(String dbid, int id) {
        try {
            NodeStorage s = openStorage();
            s.initialize(dbid, id);
            storage = s;
            fsyncHooks.applyTo(storage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shards.reset(dbid);
        raft = newCore(id, snapshots.fence(storage.log()));
        status.up();
        config.markInitialized(id);
        log.info("Raft node {} initialized, cluster {}", id, dbid);
    }

    /** The keyspace, sessions, shard map and applied index are replaced by a snapshot's. */
    public void restore(Keyspace keyspace, SessionTable sessions, byte[] shardMap, long appliedIndex) {
        store.install(keyspace);
        node.pubsub().skippedEntries(); // messages of the entries the snapshot covers were not delivered here
        this.sessions = sessions;
        shards.restore(shardMap);
        this.appliedIndex = appliedIndex;
    }

    // ---- ClusterRole ----

    @Override
    public List<InfoSection> infoSections() {
        return RaftInfo.render(this);
    }

    /** The values of INFO raft, for the metrics listener; node thread. */
    public io.redraft.server.node.RaftInfoFields infoFields() {
        return RaftInfo.fields(this);
    }

    @Override
    public List<String> keyspaceLines() {
        return RaftInfo.keyspaceLines(store);
    }

    @Override
    public void intercepted(ClientSession s, ClientRequest r, ReplySink out) {
        clients.intercepted(s, r, out);
    }

    @Override
    public String channelSlotRefusal(ClientRequest r) {
        return raft == null ? null : clients.channelSlotRefusal(r);
    }

    @Override
    public void ignored(ClientSession s, ClientRequest r, ReplySink out) {
        clients.ignored(s, r, out);
    }

    @Override
    public void raftCommand(ClientSession s, ClientRequest r, ReplySink out) {
        AdminCommands.run(this, s, r.name(), r.argv(), out);
    }

    @Override
    public boolean pipelinable(ClientSession s, ClientRequest r) {
        if (BlockedClients.waits(r.commandName(), r.command())) return false; // it may wait: see docs/blocking.md
        if (!status.isUp()) return false;
        if (s.hasPendingWrites()) return !snapshots.loading() && clients.followsWrites(s);
        return clients.followsReads(s, r);
    }

    @Override
    public void disconnected(ClientSession s) {
        inbound.forget(s);
        blocking.disconnected(s);
        peerGuard.forget(s);
    }

    /** The error for a node that cannot take client commands now, or null when it can. */
    public String stateError() {
        String err = rpcStateError();
        return err == null && snapshots.loading() ? LOADING : err;
    }

    public static final String LOADING = NodeStatus.LOADING;

    /**
     * The error for Raft RPCs: unlike clients they still reach the core while a received snapshot
     * loads in the background, so that the leader's heartbeats keep resetting the election timer.
     */
    public String rpcStateError() {
        return status.rpcError();
    }

    /** MOVED / CLUSTERDOWN when this node may not serve client commands, else null (reference §7.1). */
    public String leaderError() {
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
        if (raft == null || status.storageError() != null) return;
        raft.tick();
        snapshots.tick(storage.compactionDue() && !config.snapshotDisable());
        snapshots.importTick();
        if (config.followerProxy() && !raft.isLeader()) {
            var leader = raft.leaderId() == 0 ? null : raft.config().member(raft.leaderId());
            proxy.tick(leader == null ? null : leader.address());
        } else {
            proxy.abandon();
        }
        serveWaits.check();
        expiry.tick();
        long now = System.nanoTime();
        links.tick(now);
        shardRefresh.tick(now);
        keeper.publish(raft.isLeader() ? HeartbeatKeeper.Leadership.of(raft, dbid(), config) : null);
    }

    private void afterBatch() {
        if (raft == null) return;
        if (status.storageError() != null) {
            clients.writes().failGathered(status.storageError());
            return;
        }
        clients.writes().proposeBatch();
        blocking.flush();
        drive();
    }

    /** Runs the Ready loop until the core has nothing more to hand out. */
    public void drive() {
        if (raft != null) applyThrottle.begin();
        if (loop.run()) serveWaits.check();
    }

    /** The Ready loop applied the entry at {@code index}. */
    void applied(long index) {
        appliedIndex = index;
    }

    /** A Ready's committed entries are applied: throttle, and let an import ask for its snapshot. */
    void appliedBatch() {
        applyThrottle.applied(appliedIndex);
        snapshots.importTick();
    }

    /** RedisRaft's reaction to removal: archive the files, then shut the server down. */
    public void leaveCluster() {
        log.warn("This node was removed from the cluster; archiving its files and shutting down");
        links.closeAll();
        try {
            storage.archive();
        } catch (IOException e) {
            log.warn("Archiving the Raft files failed: {}", e.toString());
        }
        storage = null;
        raft = null;
        status.backToUninitialized();
        node.runAfterFlush(onRemoved);
    }

    /** What happens when the log can no longer be written (Main exits with status 1). */
    public void onFatal(Runnable r) {
        this.onFatal = r;
        if (fatal) r.run(); // it failed before anyone was listening
    }

    /** What happens when the cluster removes this node (RedisRaft shuts the server down). */
    public void onRemoved(Runnable r) {
        this.onRemoved = r;
    }

    /** Appends a proposal for the batch, remembering who waits for it. */
    public long propose(CommandBatch batch, List<ClientSession> sessions) {
        long index = raft.propose(batch.encode());
        node.context().metrics.raft().proposed(index);
        proposals.batch(index, raft.term(), sessions, batch);
        return index;
    }

    /** See {@link Shards#proposeChange}. */
    public void proposeShardChange(io.redraft.raft.EntryType type, byte[] data, ClientSession s) {
        shards.proposeChange(type, data, s);
    }

    /** See {@link Shards#propose}. */
    public void proposeShardEntry(io.redraft.raft.EntryType type, byte[] data, java.util.function.Consumer<String> applied) {
        shards.propose(type, data, applied);
    }

    /** RAFT.NODE ADD / REMOVE: proposes the change; {@code s} is answered once it is applied. */
    public void proposeMembership(ConfChange change, ClientSession s, boolean add) throws RaftException {
        long index = raft.proposeConfChange(change);
        proposals.membership(index, raft.term(), new Proposals.Admin(s, add, change.nodeId()));
        node.block(s);
    }

    /** A received snapshot covers these indexes: proposals at them will never be applied here. */
    public void forgetProposalsCoveredBy(long snapshotIndex) {
        proposals.forgetCoveredBy(snapshotIndex);
    }

    /** Whether a RAFT.TRANSFER_LEADER waits for its election. */
    public boolean transferInProgress() {
        return transfer.inProgress();
    }

    /** RAFT.TRANSFER_LEADER: starts the transfer; {@code s} is answered once a leader is elected. */
    public void transferLeadership(ClientSession s, int target) throws RaftException {
        int chosen = raft.transferLeadership(target);
        transfer.started(s, chosen);
        node.block(s);
    }

    public String dbid() {
        return storage == null ? "" : storage.dbid();
    }

    public static String err(RaftException e) {
        return "ERR " + e.getMessage();
    }

    // ---- what collaborators read: the node's parts (references that never change) and its state ----

    public NodeThread node() { return node; }
    public ExpirySweeper expiry() { return expiry; }
    public ServerConfig config() { return config; }
    public CommandRouter router() { return router; }
    public Store store() { return store; }
    /** The exactly-once client sessions, replicated beside the keyspace. */
    public SessionTable sessions() { return sessions; }
    /** The applied shard map (replicated state, like the keyspace). */
    public Shards shards() { return shards; }
    /** Randomness the leader fixes before logging, and for local reads. */
    public RandomGenerator random() { return random; }
    public WallClock clock() { return clock; }
    /** The Raft core, or null while the node is not (yet, or any more) a member. */
    public RaftNode core() { return raft; }
    /** The node's files, or null while it is not a member. */
    public NodeStorage storage() { return storage; }
    /** Index of the last entry applied to the keyspace (or of the snapshot it was loaded from). */
    public long appliedIndex() { return appliedIndex; }
    public Snapshots snapshots() { return snapshots; }
    public ClientPath clients() { return clients; }
    /** Clients blocked on keys (BLPOP...), docs/blocking.md. */
    public BlockedClients blocking() { return blocking; }
    public ServeWaits serveWaits() { return serveWaits; }
    public FollowerProxy proxy() { return proxy; }
    public InboundRpc inbound() { return inbound; }
    public PeerGuard peerGuard() { return peerGuard; }
    public PeerNetwork peers() { return peers; }
    public RaftStats stats() { return stats; }
    public NetDropHook netDrop() { return netDrop; }
    HeartbeatKeeper keeper() { return keeper; }
    ApplyThrottle applyThrottle() { return applyThrottle; }

    /** DEBUG RELOAD: no committed entry is applied while held (admin.DebugReload). */
    public void holdApply(boolean on) { applyThrottle.hold(on); }
    PeerLinks links() { return links; }
    Proposals proposals() { return proposals; }
    LeaderTransfer transfer() { return transfer; }
    ReadyPorts ports() { return ports; }

    public void close() {
        keeper.shutdown();
        snapshots.close();
        links.shutdown();
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
