package io.redraft.testkit.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One node's {@code INFO raft}, parsed into its {@code raft_*} fields (in the order sent). */
public record RaftInfo(Map<String, String> fields) {
    private static final Pattern NODE_LINE_ID = Pattern.compile("[:,]id=(\\d+)");

    public RaftInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static RaftInfo parse(String info) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon > 0) f.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return new RaftInfo(f);
    }

    public String get(String field) {
        String v = fields.get(field);
        if (v == null) throw new IllegalArgumentException("no " + field + " in INFO raft: " + fields);
        return v;
    }

    public long number(String field) {
        return Long.parseLong(get(field));
    }

    public long nodeId() { return number("raft_node_id"); }
    public String state() { return get("raft_state"); }
    public String role() { return get("raft_role"); }
    public long leaderId() { return number("raft_leader_id"); }
    public long term() { return number("raft_current_term"); }
    public long numNodes() { return number("raft_num_nodes"); }
    public long numVotingNodes() { return number("raft_num_voting_nodes"); }
    public long commitIndex() { return number("raft_commit_index"); }
    public long lastApplied() { return number("raft_last_applied_index"); }
    public boolean isUp() { return "up".equals(fields.get("raft_state")); }
    public boolean isLeader() { return isUp() && "leader".equals(fields.get("raft_role")); }

    /** The {@code raft_node<i>} lines, one per remote node. */
    public List<String> nodeLines() {
        List<String> lines = new ArrayList<>();
        fields.forEach((k, v) -> {
            if (k.matches("raft_node\\d+")) lines.add(k + ":" + v);
        });
        return lines;
    }

    /** The ids of every member in this node's configuration: its own and each {@code raft_node<i>}'s. */
    public Set<Long> memberIds() {
        Set<Long> ids = new TreeSet<>();
        if (isUp()) ids.add(nodeId());
        for (String line : nodeLines()) {
            Matcher m = NODE_LINE_ID.matcher(line);
            if (m.find()) ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** A one-line summary for failure messages. */
    public String summary() {
        return "id=" + fields.get("raft_node_id") + " state=" + fields.get("raft_state") + " role=" + fields.get("raft_role")
                + " term=" + fields.get("raft_current_term") + " leader=" + fields.get("raft_leader_id") + " nodes="
                + fields.get("raft_num_nodes") + "/" + fields.get("raft_num_voting_nodes") + " commit="
                + fields.get("raft_commit_index") + " applied=" + fields.get("raft_last_applied_index");
    }
}
