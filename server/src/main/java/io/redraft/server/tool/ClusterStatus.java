package io.redraft.server.tool;

import java.io.PrintStream;

/**
 * {@code status host:port...}: every group, its leader, its slots, and per node its role and how
 * far its state machine is behind its leader's commit index (INFO raft).
 */
final class ClusterStatus {
    private ClusterStatus() {}

    static void print(Survey s, PrintStream out) {
        for (ShardsView.Group g : s.groups().values()) {
            Survey.Seen leader = leaderOf(s, g);
            out.println("group " + g.id() + "  slots " + g.slots() + "  leader "
                    + (leader == null ? "none" : leader.address() + " (term " + leader.info().get("raft_current_term") + ")"));
            long commit = leader == null ? -1 : leader.info().number("raft_commit_index");
            for (ShardsView.Member m : g.nodes()) {
                Survey.Seen n = s.nodes.get(m.address());
                if (n == null || !n.reached()) {
                    out.println("  " + m.address() + "  down" + (n == null ? "" : ": " + n.failure()));
                    continue;
                }
                long applied = n.info().number("raft_last_applied_index");
                out.printf("  %s  %-9s %-4s index %d applied %d lag %s%n", m.address(), n.info().get("raft_role"),
                        n.info().get("raft_state"), n.info().number("raft_current_index"), applied,
                        commit < 0 ? "?" : Long.toString(Math.max(0, commit - applied)));
            }
        }
    }

    /** The member that says it leads (a group's own word, not another group's possibly stale map). */
    static Survey.Seen leaderOf(Survey s, ShardsView.Group g) {
        Survey.Seen best = null;
        for (ShardsView.Member m : g.nodes()) {
            Survey.Seen n = s.nodes.get(m.address());
            if (n == null || !n.reached() || !n.info().get("raft_role").equals("leader")) continue;
            if (best == null || n.info().number("raft_current_term") > best.info().number("raft_current_term")) best = n;
        }
        return best;
    }
}
