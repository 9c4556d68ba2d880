package io.redraft.server.tool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code check host:port...}: every node answers, every node describes the same groups (slots and
 * members, compared through CLUSTER SHARDS), every group has a leader, and every slot is served by
 * exactly one group. Prints one line per problem; returns how many there were.
 */
final class MapCheck {
    private MapCheck() {}

    static int run(Survey s, PrintStream out) {
        List<String> problems = new ArrayList<>();
        for (Survey.Seen n : s.nodes.values()) {
            if (!n.reached()) problems.add(n.address() + " does not answer: " + n.failure());
        }
        // The description most nodes give is the reference; every node that differs is named.
        Map<String, List<Address>> views = new LinkedHashMap<>();
        for (Survey.Seen n : s.nodes.values()) {
            if (!n.reached()) continue;
            String agreed = n.view().groups().stream().map(ShardsView.Group::agreed).sorted().collect(Collectors.joining("\n"));
            views.computeIfAbsent(agreed, k -> new ArrayList<>()).add(n.address());
        }
        if (views.size() > 1) {
            problems.add("the nodes describe " + views.size() + " different maps:");
            views.forEach((view, who) -> problems.add("  " + who + " see:\n      " + view.replace("\n", "\n      ")));
        }
        Map<String, ShardsView.Group> groups = s.groups();
        for (ShardsView.Group g : groups.values()) {
            if (ClusterStatus.leaderOf(s, g) == null) problems.add("group " + g.id() + " (slots " + g.slots() + ") has no leader");
        }
        problems.addAll(coverage(groups));
        for (String p : problems) out.println("FAIL " + p);
        int reached = (int) s.nodes.values().stream().filter(Survey.Seen::reached).count();
        if (problems.isEmpty()) {
            out.println("OK " + reached + " nodes agree on " + groups.size() + " groups; every slot is served exactly once");
        } else {
            out.println("check failed: " + problems.stream().filter(p -> !p.startsWith("  ")).count() + " problem(s)");
        }
        return problems.size();
    }

    /** Runs of slots served by no group or by more than one, each as one line. */
    static List<String> coverage(Map<String, ShardsView.Group> groups) {
        List<List<String>> owners = new ArrayList<>(16384);
        for (int i = 0; i < 16384; i++) owners.add(new ArrayList<>());
        for (ShardsView.Group g : groups.values()) {
            for (ShardsView.Range r : g.ranges()) {
                for (int slot = Math.max(0, r.start()); slot <= Math.min(16383, r.end()); slot++) owners.get(slot).add(g.id());
            }
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int slot = 1; slot <= 16384; slot++) {
            if (slot < 16384 && owners.get(slot).equals(owners.get(start))) continue;
            List<String> who = owners.get(start);
            String range = new ShardsView.Range(start, slot - 1).toString();
            if (who.isEmpty()) lines.add("slots " + range + " are served by no group");
            else if (who.size() > 1) lines.add("slots " + range + " are served by " + who.size() + " groups: " + String.join(", ", who));
            start = slot;
        }
        return lines;
    }
}
