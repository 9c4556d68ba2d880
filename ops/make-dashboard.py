#!/usr/bin/env python3
"""Writes ops/grafana-redraft.json, the Grafana dashboard over Redraft's /metrics families
(docs/operations.md). Edit here and re-run: the JSON is generated so that every panel follows the
same conventions (one datasource variable, an instance filter, seconds for latencies)."""
import json, pathlib

DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'instance=~"$instance"'
panels, y = [], 0

def row(title):
    global y
    if any(p["gridPos"]["y"] == y and p["type"] != "row" for p in panels):
        y += 7
    panels.append({"type": "row", "title": title, "collapsed": False, "gridPos": {"h": 1, "w": 24, "x": 0, "y": y},
                   "id": len(panels) + 1, "panels": []})
    y += 1

def panel(title, targets, unit="short", w=8, h=7, kind="timeseries", x=None, desc=""):
    global y
    used = sum(p["gridPos"]["w"] for p in panels if p["gridPos"]["y"] == y and p["type"] != "row")
    if used + w > 24:
        y += h
        used = 0
    p = {"type": kind, "title": title, "description": desc, "datasource": DS, "id": len(panels) + 1,
         "gridPos": {"h": h, "w": w, "x": used, "y": y},
         "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
         "options": {"legend": {"displayMode": "list", "placement": "bottom"}} if kind == "timeseries" else {},
         "targets": [{"datasource": DS, "expr": e, "legendFormat": l, "refId": chr(65 + i)} for i, (e, l) in enumerate(targets)]}
    panels.append(p)

def q(expr, legend="{{instance}}"):
    return (expr, legend)

def p99(h, by="instance"):
    return f'histogram_quantile(0.99, sum by (le, {by}) (rate({h}_bucket{{{SEL}}}[$__rate_interval])))'

row("Cluster")
panel("Role", [q(f'max by (instance, role) (redraft_raft_role{{{SEL}}}) == 1', "{{instance}} {{role}}")], kind="table", w=8,
      desc="Each node's Raft role")
panel("Ready to serve (node up, leader known)", [q(f'redraft_node_state{{{SEL},state="up"}} * on(instance) (redraft_raft_leader_id{{{SEL}}} > bool 0)')], w=8)
panel("Term", [q(f'redraft_raft_term{{{SEL}}}')], w=8)
panel("Leader id as each node sees it", [q(f'redraft_raft_leader_id{{{SEL}}}')], w=8)
panel("Elections and leader changes (per 5 min)", [q(f'increase(redraft_raft_elections_total{{{SEL}}}[5m])', "{{instance}} elections"),
      q(f'increase(redraft_raft_leader_changes_total{{{SEL}}}[5m])', "{{instance}} leader changes")], w=8)
panel("Apply lag (commit - applied)", [q(f'redraft_raft_commit_index{{{SEL}}} - redraft_raft_applied_index{{{SEL}}}')], w=8)

row("Replication")
panel("Commit rate (entries/s)", [q(f'rate(redraft_raft_commit_index{{{SEL}}}[$__rate_interval])')], w=8)
panel("Follower lag on the leader (entries)", [q(f'redraft_raft_peer_match_lag_entries{{{SEL}}}', "peer {{peer}}")], w=8)
panel("In-flight appends per follower", [q(f'redraft_raft_peer_inflight_appends{{{SEL}}}', "peer {{peer}}")], w=8)
panel("Proposal to commit, p50 / p99", [q(f'histogram_quantile(0.5, sum by (le, instance) (rate(redraft_raft_proposal_commit_seconds_bucket{{{SEL}}}[$__rate_interval])))', "{{instance}} p50"),
      q(p99("redraft_raft_proposal_commit_seconds"), "{{instance}} p99")], unit="s", w=8)
panel("Commit to apply, p99", [q(p99("redraft_raft_commit_apply_seconds"))], unit="s", w=8)
panel("fsync p99 and rate", [q(p99("redraft_raft_fsync_duration_seconds"), "{{instance}} p99"),
      q(f'rate(redraft_raft_fsync_duration_seconds_count{{{SEL}}}[$__rate_interval])', "{{instance}} fsyncs/s")], unit="s", w=8)
panel("Heartbeat round trip p99 per follower", [q(p99("redraft_raft_heartbeat_rtt_seconds", "instance, peer"), "{{instance}} to {{peer}}")],
      unit="s", w=8)
panel("Entries per fsync (group commit, mean)", [q(f'rate(redraft_raft_fsync_group_entries_sum{{{SEL}}}[$__rate_interval])'
      f' / rate(redraft_raft_fsync_group_entries_count{{{SEL}}}[$__rate_interval])')], w=8)
panel("ReadIndex rounds/s and reads per round", [q(f'rate(redraft_raft_read_index_batch_reads_count{{{SEL}}}[$__rate_interval])', "{{instance}} rounds/s"),
      q(f'rate(redraft_raft_read_index_batch_reads_sum{{{SEL}}}[$__rate_interval]) / rate(redraft_raft_read_index_batch_reads_count{{{SEL}}}[$__rate_interval])',
        "{{instance}} reads/round")], w=8)

row("Log and snapshots")
panel("Log size", [q(f'redraft_raft_log_bytes{{{SEL}}}')], unit="bytes", w=8)
panel("Log entries", [q(f'redraft_raft_log_entries{{{SEL}}}')], w=8)
panel("Snapshot size and last duration", [q(f'redraft_raft_snapshot_bytes{{{SEL}}}', "{{instance}} bytes"),
      q(f'redraft_raft_snapshot_last_duration_seconds{{{SEL}}}', "{{instance}} seconds")], w=8)
panel("Snapshots (per 15 min)", [q(f'increase(redraft_raft_snapshots_created_total{{{SEL}}}[15m])', "{{instance}} created"),
      q(f'increase(redraft_raft_snapshots_received_total{{{SEL}}}[15m])', "{{instance}} received"),
      q(f'increase(redraft_raft_snapshots_failed_total{{{SEL}}}[15m])', "{{instance}} failed")], w=8)

row("Commands")
panel("Commands/s by command (top 10)", [q(f'topk(10, sum by (cmd) (rate(redraft_commands_total{{{SEL}}}[$__rate_interval])))', "{{cmd}}")], unit="ops", w=8)
panel("Errors/s by command", [q(f'sum by (cmd) (rate(redraft_command_errors_total{{{SEL}}}[$__rate_interval])) > 0', "{{cmd}}")], unit="ops", w=8)
panel("Error replies/s by code", [q(f'sum by (code) (rate(redraft_errors_total{{{SEL}}}[$__rate_interval])) > 0', "{{code}}")], unit="ops", w=8)
panel("Command latency p99 by command", [q(p99("redraft_command_duration_seconds", "cmd").replace(", instance", ""), "{{cmd}}")],
      unit="s", w=12)
panel("Command latency p50 / p99 (all)", [q(f'histogram_quantile(0.5, sum by (le) (rate(redraft_command_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))', "p50"),
      q(f'histogram_quantile(0.99, sum by (le) (rate(redraft_command_duration_seconds_bucket{{{SEL}}}[$__rate_interval])))', "p99")], unit="s", w=12)

row("Clients, keyspace, resources")
panel("Connected clients", [q(f'redraft_connected_clients{{{SEL}}}')], w=8)
panel("Keys by type", [q(f'redraft_db_keys_by_type{{{SEL}}}', "{{instance}} {{type}}")], w=8)
panel("Keys with a TTL", [q(f'redraft_db_keys_expiring{{{SEL}}}')], w=8)
panel("Heap used / max", [q(f'redraft_memory_used_bytes{{{SEL}}}', "{{instance}} used"),
      q(f'redraft_memory_max_bytes{{{SEL}}}', "{{instance}} max")], unit="bytes", w=8)
panel("Network", [q(f'rate(redraft_net_input_bytes_total{{{SEL}}}[$__rate_interval])', "{{instance}} in"),
      q(f'rate(redraft_net_output_bytes_total{{{SEL}}}[$__rate_interval])', "{{instance}} out")], unit="Bps", w=8)
panel("Connections accepted / refused per s", [q(f'rate(redraft_connections_received_total{{{SEL}}}[$__rate_interval])', "{{instance}} accepted"),
      q(f'rate(redraft_rejected_connections_total{{{SEL}}}[$__rate_interval])', "{{instance}} refused")], w=8)

dashboard = {
    "__inputs": [{"name": "DS_PROMETHEUS", "label": "Prometheus", "type": "datasource", "pluginId": "prometheus",
                  "pluginName": "Prometheus"}],
    "title": "Redraft", "uid": "redraft-overview", "tags": ["redraft", "raft", "redis"], "timezone": "browser",
    "schemaVersion": 39, "version": 1, "editable": True, "refresh": "10s",
    "time": {"from": "now-1h", "to": "now"},
    "templating": {"list": [
        {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source",
         "current": {"text": "default", "value": "default"}},
        {"name": "instance", "type": "query", "datasource": DS, "label": "Node", "multi": True, "includeAll": True,
         "allValue": ".*", "refresh": 2, "query": {"query": "label_values(redraft_raft_term, instance)", "refId": "instances"},
         "definition": "label_values(redraft_raft_term, instance)", "current": {"text": "All", "value": "$__all"}},
    ]},
    "panels": panels,
}
out = pathlib.Path(__file__).with_name("grafana-redraft.json")
out.write_text(json.dumps(dashboard, indent=2) + "\n")
print(out)
