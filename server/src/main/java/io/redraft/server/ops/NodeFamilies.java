package io.redraft.server.ops;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.redraft.raft.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

/**
 * The families whose values are node state (term, indexes, clients, keys...): callbacks on the
 * registry that read the {@link NodeSample} of the scrape being written. Scrapes are serialized,
 * so each one writes one sample, taken at one instant on the node thread.
 */
final class NodeFamilies {
    private final Metrics metrics;
    private final ExpositionFormats formats = ExpositionFormats.init();
    /** The sample of the scrape in progress; guarded by {@code this}. */
    private NodeSample sample;

    NodeFamilies(Metrics metrics) {
        this.metrics = metrics;
        PrometheusRegistry r = metrics.registry;
        // ---- Raft ----
        gauge(r, "redraft_raft_node_id", "This node's Raft id (0 until it initializes or joins)", s -> s.raft().nodeId);
        gauge(r, "redraft_raft_term", "Current Raft term", s -> s.raft().currentTerm);
        GaugeWithCallback.builder().name("redraft_raft_role").help("1 for this node's current Raft role, 0 for the others")
                .labelNames("role").callback(cb -> {
                    NodeSample s = sample;
                    for (Role role : Role.values()) cb.call(role.infoName().equals(s.raft().role) ? 1 : 0, role.infoName());
                }).register(r);
        GaugeWithCallback.builder().name("redraft_node_state")
                .help("1 for the node's state (uninitialized, joining, loading, up), 0 for the others")
                .labelNames("state").callback(cb -> {
                    String st = sample.raft().state;
                    for (String name : new String[] {"uninitialized", "joining", "loading", "up"}) cb.call(st.equals(name) ? 1 : 0, name);
                }).register(r);
        gauge(r, "redraft_node_storage_failed", "1 once the node's files could not be written (every command gets MISCONF)",
                s -> s.stateError() != null && s.stateError().startsWith("MISCONF") ? 1 : 0);
        gauge(r, "redraft_raft_leader_id", "Id of the leader this node knows, -1 when none", s -> s.raft().leaderId);
        gauge(r, "redraft_raft_commit_index", "Highest log index known committed", s -> s.raft().commitIndex);
        gauge(r, "redraft_raft_applied_index", "Highest log index applied to the keyspace", s -> s.raft().lastAppliedIndex);
        gauge(r, "redraft_raft_last_index", "Index of the last entry in this node's log", s -> s.raft().currentIndex);
        gauge(r, "redraft_raft_log_entries", "Entries in the log (after the snapshot)", s -> s.raft().logEntries);
        gauge(r, "redraft_raft_log_bytes", "Size of the Raft log files", s -> s.raft().fileSize);
        gauge(r, "redraft_raft_log_cache_bytes", "Memory held by cached log entries", s -> s.raft().cacheMemorySize);
        gauge(r, "redraft_raft_voting_nodes", "Voting members in this node's configuration", s -> s.raft().numVotingNodes);
        gauge(r, "redraft_raft_nodes", "Members in this node's configuration", s -> s.raft().numNodes);
        gauge(r, "redraft_raft_client_attached_entries", "Proposals whose clients wait for their apply",
                s -> s.raft().clientAttachedEntries);
        counter(r, "redraft_raft_elections", "Elections this node started as a candidate", NodeSample::elections);
        counter(r, "redraft_raft_leader_changes", "Times the leader this node knows changed to another node",
                NodeSample::leaderChanges);
        counter(r, "redraft_raft_append_entries_received", "AppendEntries requests received", s -> s.raft().appendreqReceived);
        counter(r, "redraft_raft_fsyncs", "fsyncs of the Raft log (INFO raft_fsync_count)", s -> s.raft().fsyncCount);
        counter(r, "redraft_raft_snapshots_created", "Snapshots this node wrote", s -> s.raft().snapshotsCreated);
        counter(r, "redraft_raft_snapshots_received", "Snapshots received from a leader and loaded", s -> s.raft().snapshotsReceived);
        counter(r, "redraft_raft_snapshots_failed", "Local snapshots that failed", s -> s.raft().snapshotsFailed);
        gauge(r, "redraft_raft_snapshot_bytes", "Size of the current snapshot file", s -> s.raft().snapshotSize);
        gauge(r, "redraft_raft_snapshot_last_index", "Last log index the snapshot covers", s -> s.raft().snapshotLastIdx);
        gauge(r, "redraft_raft_snapshot_last_duration_seconds", "Duration of the last snapshot this node wrote, -1 before the first",
                s -> s.raft().snapshotTimeSecs);
        gauge(r, "redraft_raft_snapshot_in_progress", "1 while a snapshot is being written", s -> s.raft().snapshotInProgress ? 1 : 0);
        perPeer(r, "redraft_raft_peer_match_lag_entries",
                "Leader only: entries of the leader's log a follower does not have yet (last index - match index)",
                (s, cb) -> s.peers().forEach(p -> cb.call(p.lag(), Integer.toString(p.id()))));
        perPeer(r, "redraft_raft_peer_match_index", "Leader only: highest index known replicated on each follower",
                (s, cb) -> s.peers().forEach(p -> cb.call(p.matchIndex(), Integer.toString(p.id()))));
        perPeer(r, "redraft_raft_peer_inflight_appends", "Leader only: AppendEntries (or snapshot chunks) sent and not acknowledged",
                (s, cb) -> s.peers().forEach(p -> cb.call(p.inflight(), Integer.toString(p.id()))));
        perPeer(r, "redraft_raft_peer_connected", "Link state to each other node (1 connected), from INFO raft_node lines",
                (s, cb) -> s.raft().nodes.forEach(n -> cb.call("connected".equals(n.connState()) ? 1 : 0, Long.toString(n.id()))));
        // ---- Sharding (docs/sharding.md) ----
        gauge(r, "redraft_shard_enabled", "1 when slots are routed (the map holds more than this group's whole range)",
                s -> s.shards().active() ? 1 : 0);
        gauge(r, "redraft_shard_groups", "Shard groups in this node's map", s -> s.shards().groups());
        GaugeWithCallback.builder().name("redraft_shard_slots").help("Slots of this node's group, by state")
                .labelNames("state").callback(cb -> {
                    NodeSample.ShardSample s = sample.shards();
                    cb.call(s.stable(), "stable");
                    cb.call(s.migrating(), "migrating");
                    cb.call(s.importing(), "importing");
                }).register(r);
        gauge(r, "redraft_shard_locked_keys", "Keys locked by a migration in progress (writes to them get TRYAGAIN)",
                s -> s.shards().lockedKeys());
        counter(r, "redraft_shard_keys_moved_out", "Keys deleted here after a migration moved them to another group",
                s -> s.shards().keysMovedOut());
        counter(r, "redraft_shard_keys_imported", "Keys imported here from another group by a migration",
                s -> s.shards().keysImported());
        // ---- Redis ----
        gauge(r, "redraft_connected_clients", "Client connections (peers' incoming links included, as INFO clients)",
                NodeSample::connectedClients);
        gauge(r, "redraft_blocked_clients", "Connections waiting for a request's answer (INFO blocked_clients)",
                NodeSample::blockedClients);
        counter(r, "redraft_connections_received", "Connections accepted", NodeSample::connectionsReceived);
        counter(r, "redraft_rejected_connections", "Connections refused for maxclients", NodeSample::rejectedConnections);
        counter(r, "redraft_commands_processed", "Commands executed (INFO total_commands_processed)", NodeSample::commandsProcessed);
        counter(r, "redraft_error_replies", "Error replies sent (INFO total_error_replies)", NodeSample::errorReplies);
        CounterWithCallback.builder().name("redraft_errors").help("Error replies by error code (INFO errorstats)")
                .labelNames("code").callback(cb -> sample.errorCodes().forEach((code, n) -> cb.call(n, code))).register(r);
        gauge(r, "redraft_db_keys", "Keys in the keyspace", NodeSample::keys);
        gauge(r, "redraft_db_keys_expiring", "Keys with a time to live", NodeSample::expires);
        GaugeWithCallback.builder().name("redraft_db_keys_by_type")
                .help("Keys per type, from the last full pass over the keyspace (bounded work per scrape)")
                .labelNames("type").callback(cb -> sample.keysByType().forEach((t, n) -> cb.call(n, t))).register(r);
        gauge(r, "redraft_memory_used_bytes", "JVM heap in use (INFO used_memory)", NodeSample::usedMemory);
        gauge(r, "redraft_memory_max_bytes", "JVM maximum heap", NodeSample::maxMemory);
        CounterWithCallback.builder().name("redraft_net_input_bytes").help("Bytes read from connections to the client port")
                .callback(cb -> cb.call(metrics.bytesIn.sum())).register(r);
        CounterWithCallback.builder().name("redraft_net_output_bytes").help("Bytes written to connections of the client port")
                .callback(cb -> cb.call(metrics.bytesOut.sum())).register(r);
        CounterWithCallback.builder().name("redraft_uptime_seconds").help("Seconds since the node started")
                .callback(cb -> cb.call((System.currentTimeMillis() - START) / 1000.0)).register(r);
    }

    private static final long START = System.currentTimeMillis();

    private void gauge(PrometheusRegistry r, String name, String help, ToDoubleFunction<NodeSample> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(sample))).register(r);
    }

    private void counter(PrometheusRegistry r, String name, String help, ToDoubleFunction<NodeSample> value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.applyAsDouble(sample))).register(r);
    }

    private void perPeer(PrometheusRegistry r, String name, String help,
                         BiConsumer<NodeSample, GaugeWithCallback.Callback> values) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("peer").callback(cb -> values.accept(sample, cb)).register(r);
    }

    /** The exposition of {@code s} in the format {@code accept} asks for (OpenMetrics or Prometheus text). */
    synchronized Exposition write(NodeSample s, String accept) throws IOException {
        ExpositionFormatWriter w = formats.findWriter(accept);
        if (!w.isAvailable()) w = formats.getPrometheusTextFormatWriter(); // protobuf is not on the class path
        sample = s;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
            w.write(out, metrics.registry.scrape());
            return new Exposition(w.getContentType(), out.toByteArray());
        } finally {
            sample = null;
        }
    }

    record Exposition(String contentType, byte[] body) {}

}
