package io.redraft.server.ops;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's event-driven instruments: what is counted or timed where it happens (a command's
 * reply, an fsync, a commit, an apply). Values that are state (term, indexes, clients, keys) are
 * not here but sampled on the node thread at each scrape ({@link NodeSample}).
 *
 * <p>Which thread calls what: {@link #command} and the Raft timings on the node thread, {@link
 * #fsync} on the log thread, the byte counters on the event loops. Prometheus's instruments are
 * thread-safe; the per-command data points are cached in a map only the node thread touches.
 *
 * <p>A node without the operations listener ({@code metrics-port 0}) has {@link #OFF}: every hook
 * returns at its first test, so the request path pays nothing for metrics nobody reads.
 */
public final class Metrics {
    /** Histogram bounds in seconds: 50 µs to 10 s, where command, commit and fsync latencies fall. */
    static final double[] LATENCY_BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Histogram bounds for counts (entries per fsync, reads per ReadIndex round). */
    static final double[] SIZE_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};
    /** Distinct command labels kept; a client sending random names must not grow the registry without end. */
    static final int MAX_COMMAND_LABELS = 512;

    public static final Metrics OFF = new Metrics(false);

    private final boolean on;
    final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter commands;
    private final Counter commandErrors;
    private final Histogram commandLatency;
    private final Histogram fsyncLatency;
    private final Histogram proposalToCommit;
    private final Histogram commitToApply;
    private final Histogram fsyncGroup;
    private final Histogram heartbeatRtt;
    private final Histogram readIndexBatch;
    /** Node thread only: data points per follower id. */
    private final Map<Integer, DistributionDataPoint> heartbeatByPeer = new HashMap<>();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    private final RaftTimings raft = new RaftTimings(this);
    /** Node thread only. */
    private final Map<String, CommandPoints> byCommand = new HashMap<>();

    private record CommandPoints(CounterDataPoint calls, CounterDataPoint errors, DistributionDataPoint latency) {}

    private Metrics(boolean on) {
        this.on = on;
        commands = Counter.builder().name("redraft_commands_total")
                .help("Commands answered, by command name (as the client sent it, lower-cased; unknown names as 'unknown')")
                .labelNames("cmd").withoutExemplars().build();
        commandErrors = Counter.builder().name("redraft_command_errors_total")
                .help("Commands answered with an error reply, by command name")
                .labelNames("cmd").withoutExemplars().build();
        commandLatency = histogram("redraft_command_duration_seconds",
                "Time from a command's execution to its reply, by command (writes include the Raft commit)", "cmd");
        fsyncLatency = histogram("redraft_raft_fsync_duration_seconds", "Duration of each fsync of the Raft log");
        proposalToCommit = histogram("redraft_raft_proposal_commit_seconds",
                "Time from proposing an entry (leader) to learning it committed");
        commitToApply = histogram("redraft_raft_commit_apply_seconds",
                "Time from learning an entry committed to applying it to the keyspace");
        fsyncGroup = Histogram.builder().name("redraft_raft_fsync_group_entries")
                .help("Log entries made durable by each fsync of the Raft log (the group commit's size)")
                .classicOnly().classicUpperBounds(SIZE_BOUNDS).withoutExemplars().build();
        heartbeatRtt = histogram("redraft_raft_heartbeat_rtt_seconds",
                "Leader: from sending a heartbeat to a follower to its answer, by follower id", "peer");
        readIndexBatch = Histogram.builder().name("redraft_raft_read_index_batch_reads")
                .help("ReadIndex confirmations: each observation is one round (or, for a single voter, one check) that"
                        + " released reads, its value the number of reads it released")
                .classicOnly().classicUpperBounds(SIZE_BOUNDS).withoutExemplars().build();
        if (on) {
            registry.register(fsyncGroup);
            registry.register(heartbeatRtt);
            registry.register(readIndexBatch);
            registry.register(commands);
            registry.register(commandErrors);
            registry.register(commandLatency);
            registry.register(fsyncLatency);
            registry.register(proposalToCommit);
            registry.register(commitToApply);
        }
    }

    private static Histogram histogram(String name, String help, String... labels) {
        return Histogram.builder().name(name).help(help).labelNames(labels).classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().build();
    }

    /** Instruments for a node that serves them (metrics-port set). */
    public static Metrics on() {
        return new Metrics(true);
    }

    public boolean enabled() {
        return on;
    }

    /** A command was answered {@code nanos} after it started executing; node thread. */
    public void command(String name, long nanos, boolean error) {
        if (!on) return;
        CommandPoints p = byCommand.get(name);
        if (p == null) {
            String label = byCommand.size() < MAX_COMMAND_LABELS ? name : "other";
            p = new CommandPoints(commands.labelValues(label), commandErrors.labelValues(label),
                    commandLatency.labelValues(label));
            if (byCommand.size() < MAX_COMMAND_LABELS) byCommand.put(name, p);
        }
        p.calls().inc();
        if (error) p.errors().inc();
        p.latency().observe(nanos / 1e9);
    }

    /**
     * Commands answered per latency bucket ({@link #LATENCY_BOUNDS}, then +Inf), all commands
     * together, counts not cumulative: the status page turns two of these into a recent p99. Any
     * thread (Prometheus's instruments are safe to read while they are written).
     */
    long[] commandLatencyBuckets() {
        long[] sum = new long[LATENCY_BOUNDS.length + 1];
        for (var point : commandLatency.collect().getDataPoints()) {
            var buckets = point.getClassicBuckets();
            for (int i = 0; i < buckets.size() && i < sum.length; i++) sum[i] += buckets.getCount(i);
        }
        return sum;
    }

    /** One fsync of the Raft log took {@code nanos}; log thread. */
    public void fsync(long nanos) {
        if (on) fsyncLatency.observe(nanos / 1e9);
    }

    /** One fsync made {@code entries} log entries durable; log thread. */
    public void fsyncGroup(long entries) {
        if (on) fsyncGroup.observe(entries);
    }

    void heartbeatAnswered(int peer, long nanos) {
        heartbeatByPeer.computeIfAbsent(peer, p -> heartbeatRtt.labelValues(Integer.toString(p))).observe(nanos / 1e9);
    }

    void readIndexBatch(long reads) {
        readIndexBatch.observe(reads);
    }

    void proposalCommitted(long nanos) {
        proposalToCommit.observe(nanos / 1e9);
    }

    void committedApplied(long nanos) {
        commitToApply.observe(nanos / 1e9);
    }

    /** Commit/apply timings, elections and leader changes; node thread. */
    public RaftTimings raft() {
        return raft;
    }

    /** Bytes read from / written to client and peer connections of the node's listener; event loops. */
    public void bytesRead(long n) {
        bytesIn.add(n);
    }

    public void bytesWritten(long n) {
        bytesOut.add(n);
    }
}
