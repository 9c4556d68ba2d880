package io.redraft.server.ops;

import io.redraft.server.node.RaftInfoFields;

/**
 * {@code /status.json}: what the status page draws, from one {@link NodeSample}. Counters are
 * totals; the page turns them into rates between two polls.
 */
final class StatusJson {
    private StatusJson() {}

    static String render(NodeSample s, Readiness ready, long[] latencyCounts) {
        RaftInfoFields r = s.raft();
        StringBuilder b = new StringBuilder(1024).append('{');
        field(b, "time_ms", s.takenMillis()).append(',');
        field(b, "node_id", r.nodeId).append(',');
        field(b, "address", s.myAddress()).append(',');
        field(b, "state", r.state).append(',');
        field(b, "role", r.role).append(',');
        field(b, "term", r.currentTerm).append(',');
        field(b, "leader_id", r.leaderId).append(',');
        field(b, "leader_address", s.leaderAddress()).append(',');
        field(b, "commit_index", r.commitIndex).append(',');
        field(b, "applied_index", r.lastAppliedIndex).append(',');
        field(b, "last_index", r.currentIndex).append(',');
        field(b, "log_entries", r.logEntries).append(',');
        field(b, "log_bytes", r.fileSize).append(',');
        field(b, "snapshot_bytes", r.snapshotSize).append(',');
        field(b, "snapshot_last_index", r.snapshotLastIdx).append(',');
        field(b, "elections", s.elections()).append(',');
        field(b, "leader_changes", s.leaderChanges()).append(',');
        field(b, "ready", ready.ready()).append(',');
        field(b, "ready_reason", ready.reason()).append(',');
        field(b, "connected_clients", s.connectedClients()).append(',');
        field(b, "commands_processed", s.commandsProcessed()).append(',');
        field(b, "error_replies", s.errorReplies()).append(',');
        field(b, "keys", s.keys()).append(',');
        field(b, "used_memory", s.usedMemory()).append(',');
        b.append("\"latency_bounds\":").append(java.util.Arrays.toString(Metrics.LATENCY_BOUNDS)).append(',');
        b.append("\"latency_counts\":").append(java.util.Arrays.toString(latencyCounts)).append(',');
        b.append("\"peers\":[");
        boolean first = true;
        for (RaftInfoFields.NodeLine n : r.nodes) {
            if (!first) b.append(',');
            first = false;
            NodeSample.Peer p = s.peers().stream().filter(x -> x.id() == n.id()).findFirst().orElse(null);
            b.append('{');
            field(b, "id", n.id()).append(',');
            field(b, "address", n.host() + ":" + n.port()).append(',');
            field(b, "voting", n.voting()).append(',');
            field(b, "link", n.connState()).append(',');
            field(b, "last_conn_secs", n.lastConnSecs()).append(',');
            field(b, "leader", n.id() == r.leaderId).append(',');
            if (p != null) {
                field(b, "match_index", p.matchIndex()).append(',');
                field(b, "lag", p.lag()).append(',');
                field(b, "inflight", p.inflight()).append(',');
                field(b, "replication", p.state()).append(',');
            }
            field(b, "active", p == null || p.active());
            b.append('}');
        }
        return b.append("]}").toString();
    }

    private static StringBuilder field(StringBuilder b, String name, Object v) {
        b.append('"').append(name).append("\":");
        if (v instanceof Number || v instanceof Boolean) return b.append(v);
        b.append('"');
        String t = String.valueOf(v);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"');
    }
}
