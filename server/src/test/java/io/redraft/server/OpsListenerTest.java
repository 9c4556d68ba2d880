package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import io.redraft.server.ops.PromText;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operations listener of a 3-node cluster: /metrics parsed strictly and moving as the load
 * says, /readyz failing on a partitioned follower and on a loading node and passing after, /healthz
 * up throughout.
 */
class OpsListenerTest extends InProcessClusterFixture {
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Node(int port, int metricsPort) {}

    /** Starts n nodes, each with its own metrics port, INITs the first and JOINs the others. */
    private List<Node> form(int n, String... extra) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) nodes.add(start("n" + (i + 1), extra));
        try (RawClient first = new RawClient(nodes.get(0).port())) {
            first.call("RAFT.CLUSTER", "INIT");
            await(() -> first.call("SET", "warm", "up"), r -> r.equals("+OK\r\n"));
            for (int i = 1; i < n; i++) {
                try (RawClient c = new RawClient(nodes.get(i).port())) {
                    assertThat(c.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + nodes.get(0).port())).isEqualTo("+OK\r\n");
                }
            }
            await(() -> first.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:" + n));
        }
        return nodes;
    }

    private Node start(String name, String... extra) throws Exception {
        int port = InProcessCluster.freePort();
        List<String> args = new ArrayList<>(List.of("--metrics-port", Integer.toString(InProcessCluster.freePort())));
        args.addAll(List.of(extra));
        RedraftServer s = cluster.start(name, port, args.toArray(new String[0]));
        return new Node(port, s.metricsPort());
    }

    static HttpResponse<String> get(int port, String path, String accept) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (accept != null) b.header("Accept", accept);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static PromText scrape(Node n) throws Exception {
        HttpResponse<String> r = get(n.metricsPort(), "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        return PromText.parse(r.body());
    }

    private static String probe(Node n, String path) throws Exception {
        HttpResponse<String> r = get(n.metricsPort(), path, null);
        return r.statusCode() + " " + r.body().trim();
    }

    @Test
    void metricsOfALoadedClusterAreWellFormedAndCountTheLoad() throws Exception {
        // fsync on, so the fsync histogram has something to count.
        List<Node> nodes = form(3, "--raft.log-fsync", "yes");
        Node leader = nodes.get(0);
        PromText before = scrape(leader);
        for (String f : List.of("redraft_raft_term", "redraft_raft_leader_id", "redraft_raft_commit_index",
                "redraft_raft_applied_index", "redraft_raft_last_index", "redraft_raft_log_bytes", "redraft_raft_log_entries",
                "redraft_raft_snapshot_bytes", "redraft_raft_snapshot_last_duration_seconds", "redraft_raft_peer_match_lag_entries",
                "redraft_raft_peer_inflight_appends", "redraft_connected_clients", "redraft_db_keys", "redraft_db_keys_expiring",
                "redraft_db_keys_by_type", "redraft_memory_used_bytes", "redraft_raft_role", "redraft_blocked_clients")) {
            assertThat(before.family(f).type()).as(f).isEqualTo("gauge");
        }
        for (String f : List.of("redraft_commands", "redraft_command_errors", "redraft_raft_elections",
                "redraft_raft_leader_changes", "redraft_raft_snapshots_created", "redraft_raft_snapshots_received",
                "redraft_net_input_bytes", "redraft_net_output_bytes")) {
            assertThat(before.family(f).type()).as(f).isEqualTo("counter");
        }
        for (String f : List.of("redraft_command_duration_seconds", "redraft_raft_proposal_commit_seconds",
                "redraft_raft_commit_apply_seconds", "redraft_raft_fsync_duration_seconds", "redraft_raft_fsync_group_entries",
                "redraft_raft_read_index_batch_reads")) {
            assertThat(before.family(f).type()).as(f).isEqualTo("histogram");
        }
        assertThat(before.value("redraft_raft_role", "role", "leader")).isEqualTo(1);
        assertThat(before.family("redraft_raft_peer_match_lag_entries").samples()).hasSize(2);

        int sets = 200, gets = 120, errors = 7, pipelined = 50;
        try (RawClient c = new RawClient(leader.port())) {
            for (int i = 0; i < sets; i++) assertThat(c.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
            for (int i = 0; i < gets; i++) assertThat(c.call("GET", "k" + i)).startsWith("$");
            for (int i = 0; i < errors; i++) assertThat(c.call("INCR", "k1")).startsWith("-ERR");
            assertThat(c.call("EXPIRE", "k0", "1000")).isEqualTo(":1\r\n");
            assertThat(c.call("RPUSH", "list", "a")).isEqualTo(":1\r\n");
            // Pipelined writes answered after their commit, and a transaction: each command counted once.
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < pipelined; i++) pipeline.append(RawClient.command("SET", "p" + i, "v"));
            c.send(pipeline.toString());
            for (int i = 0; i < pipelined; i++) assertThat(c.readReply()).isEqualTo("+OK\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "m", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).startsWith("*1");
        }
        PromText after = scrape(leader);
        // A labelled family shows once it has a series: the error codes after the first error.
        assertThat(after.family("redraft_errors").type()).isEqualTo("counter");
        assertThat(delta(before, after, "redraft_commands_total", "cmd", "set")).isEqualTo(sets + pipelined + 1);
        assertThat(delta(before, after, "redraft_commands_total", "cmd", "exec")).isEqualTo(1);
        assertThat(delta(before, after, "redraft_commands_total", "cmd", "get")).isEqualTo(gets);
        assertThat(delta(before, after, "redraft_commands_total", "cmd", "incr")).isEqualTo(errors);
        assertThat(delta(before, after, "redraft_command_errors_total", "cmd", "incr")).isEqualTo(errors);
        assertThat(delta(before, after, "redraft_command_errors_total", "cmd", "set")).isZero();
        assertThat(delta(before, after, "redraft_command_duration_seconds_count", "cmd", "set")).isEqualTo(sets + pipelined + 1);
        assertThat(delta(before, after, "redraft_errors_total", "code", "ERR")).isEqualTo(errors);
        // Each SET waited for its commit before the next was sent: one entry each.
        assertThat(delta(before, after, "redraft_raft_commit_index")).isGreaterThanOrEqualTo(sets);
        assertThat(delta(before, after, "redraft_raft_proposal_commit_seconds_count")).isGreaterThanOrEqualTo(sets);
        assertThat(delta(before, after, "redraft_raft_commit_apply_seconds_count")).isGreaterThanOrEqualTo(sets);
        assertThat(delta(before, after, "redraft_raft_fsync_duration_seconds_count")).isPositive();
        assertThat(delta(before, after, "redraft_net_input_bytes_total")).isPositive();
        assertThat(delta(before, after, "redraft_net_output_bytes_total")).isPositive();
        assertThat(after.value("redraft_db_keys")).isEqualTo(sets + pipelined + 3); // k*, p*, warm, m, list
        assertThat(after.value("redraft_db_keys_expiring")).isEqualTo(1);
        assertThat(after.value("redraft_db_keys_by_type", "type", "string")).isEqualTo(sets + pipelined + 2);
        assertThat(after.value("redraft_db_keys_by_type", "type", "list")).isEqualTo(1);
        assertThat(after.value("redraft_raft_leader_id")).isEqualTo(after.value("redraft_raft_node_id"));
        assertThat(after.value("redraft_connected_clients")).isGreaterThanOrEqualTo(1);

        // The followers apply the same entries; their lag on the leader falls back to 0.
        double commit = after.value("redraft_raft_commit_index");
        for (Node f : nodes.subList(1, 3)) {
            await(() -> Double.toString(scrape(f).value("redraft_raft_applied_index")), v -> Double.parseDouble(v) >= commit);
            PromText fm = scrape(f);
            assertThat(fm.value("redraft_raft_role", "role", "follower")).isEqualTo(1);
            assertThat(fm.value("redraft_raft_leader_id")).isEqualTo(after.value("redraft_raft_node_id"));
            assertThat(fm.value("redraft_raft_peer_match_lag_entries")).isZero(); // a follower has no view of the others
        }
        await(() -> scrape(leader).family("redraft_raft_peer_match_lag_entries").samples().stream()
                .map(x -> x.value()).toList().toString(), v -> v.equals("[0.0, 0.0]"));

        // Group commit: every fsync made at least one entry durable, and the SETs' entries all were.
        double groups = delta(before, after, "redraft_raft_fsync_group_entries_count");
        assertThat(groups).isPositive();
        assertThat(delta(before, after, "redraft_raft_fsync_group_entries_sum")).isGreaterThanOrEqualTo(sets)
                .isGreaterThanOrEqualTo(groups);
        // Quorum reads (the default): each GET released by exactly one ReadIndex round, shared or not.
        assertThat(delta(before, after, "redraft_raft_read_index_batch_reads_sum")).isEqualTo(gets);
        assertThat(delta(before, after, "redraft_raft_read_index_batch_reads_count")).isBetween(1.0, (double) gets);
        // The leader times its heartbeats to each follower; a follower sends none.
        List<String> followerIds = after.family("redraft_raft_peer_match_lag_entries").samples().stream()
                .map(x -> x.labels().get("peer")).toList();
        assertThat(followerIds).hasSize(2);
        for (String id : followerIds) {
            await(() -> Double.toString(scrape(leader).value("redraft_raft_heartbeat_rtt_seconds_count", "peer", id)),
                    v -> Double.parseDouble(v) >= 3);
            PromText hb = scrape(leader);
            double mean = hb.value("redraft_raft_heartbeat_rtt_seconds_sum", "peer", id)
                    / hb.value("redraft_raft_heartbeat_rtt_seconds_count", "peer", id);
            assertThat(mean).as("mean heartbeat round trip to %s, seconds", id).isPositive().isLessThan(1.0);
        }
        assertThat(scrape(nodes.get(1)).value("redraft_raft_heartbeat_rtt_seconds_count", "peer", "1")).isZero();

        // The Grafana dashboard in ops/ uses only families the node exports.
        Path dashboard = Path.of("..", "ops", "grafana-redraft.json");
        Matcher m = Pattern.compile("redraft_[a-z_]+").matcher(Files.readString(dashboard));
        int used = 0;
        while (m.find()) {
            String name = m.group().replaceAll("_(bucket|count|sum)$", "");
            assertThat(after.families()).as("dashboard metric " + m.group()).containsKey(name);
            used++;
        }
        assertThat(used).isGreaterThan(20);

        // OpenMetrics when asked for it.
        HttpResponse<String> om = get(leader.metricsPort(), "/metrics", "application/openmetrics-text; version=1.0.0");
        assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(om.body()).contains("# TYPE redraft_commands counter").endsWith("# EOF\n");
    }

    private static double delta(PromText before, PromText after, String sample, String... labels) {
        return after.value(sample, labels) - before.value(sample, labels);
    }

    @Test
    void readyzFailsOnAPartitionedFollowerAndPassesAfterHealing() throws Exception {
        List<Node> nodes = form(3, "--raft.test-net-faults", "yes");
        Node follower = nodes.get(2);
        for (Node n : nodes) await(() -> probe(n, "/readyz"), v -> v.equals("200 ok"));
        List<String> ids = new ArrayList<>();
        for (Node n : nodes) {
            try (RawClient c = new RawClient(n.port())) {
                ids.add(nodeId(c));
            }
        }
        netdrop(nodes.get(0), ids.get(2));
        netdrop(nodes.get(1), ids.get(2));
        netdrop(follower, ids.get(0), ids.get(1));
        String cut = await(() -> probe(follower, "/readyz"), v -> v.startsWith("503"));
        assertThat(cut).contains("no known leader");
        assertThat(probe(follower, "/healthz")).isEqualTo("200 ok");
        assertThat(probe(nodes.get(0), "/readyz")).isEqualTo("200 ok");
        for (Node n : nodes) netdrop(n);
        await(() -> probe(follower, "/readyz"), v -> v.equals("200 ok"));
        assertThat(probe(follower, "/healthz")).isEqualTo("200 ok");
    }

    private static void netdrop(Node n, String... ids) throws Exception {
        List<String> argv = new ArrayList<>(List.of("RAFT.DEBUG", "NETDROP"));
        argv.addAll(List.of(ids));
        try (RawClient c = new RawClient(n.port())) {
            assertThat(c.call(argv.toArray(new String[0]))).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void readyzFailsWhileANodeLoadsAndPassesOnceLoaded() throws Exception {
        Node n1 = start("n1");
        Node n2 = start("n2", "--raft.snapshot-disable-load", "yes");
        // Not a member yet: not ready, but alive.
        assertThat(probe(n2, "/readyz")).startsWith("503 NOCLUSTER");
        assertThat(probe(n2, "/healthz")).isEqualTo("200 ok");
        try (RawClient c1 = new RawClient(n1.port()); RawClient c2 = new RawClient(n2.port())) {
            c1.call("RAFT.CLUSTER", "INIT");
            await(() -> c1.call("SET", "k0", "v0"), r -> r.equals("+OK\r\n"));
            for (int i = 1; i < 50; i++) assertThat(c1.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + n1.port())).isEqualTo("+OK\r\n");
            // The snapshot arrives and is held unloaded: the node is loading.
            await(() -> probe(n2, "/readyz"), v -> v.startsWith("503 LOADING"));
            assertThat(probe(n2, "/healthz")).isEqualTo("200 ok");
            assertThat(scrape(n2).value("redraft_node_state", "state", "loading")).isEqualTo(1);
            assertThat(c2.call("CONFIG", "SET", "raft.snapshot-disable-load", "no")).isEqualTo("+OK\r\n");
            await(() -> probe(n2, "/readyz"), v -> v.equals("200 ok"));
        }
    }

    @Test
    void noListenerUnlessAPortIsSet() throws Exception {
        int port = InProcessCluster.freePort();
        RedraftServer s = cluster.start("plain", port);
        assertThat(s.metricsPort()).isZero();
    }
}
