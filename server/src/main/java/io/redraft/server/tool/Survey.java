package io.redraft.server.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every reachable node of a deployment says: its CLUSTER SHARDS and INFO raft, starting from
 * the given addresses and following every node the answers list, so that one address is enough.
 */
final class Survey {
    /** One node's answers, or why there are none. */
    record Seen(Address address, ShardsView view, RaftInfoFields info, String failure) {
        boolean reached() {
            return failure == null;
        }
    }

    final Map<Address, Seen> nodes = new LinkedHashMap<>();

    static Survey of(List<Address> seeds, int timeoutMs) throws AdminException {
        Survey s = new Survey();
        TreeSet<Address> pending = new TreeSet<>(seeds);
        List<Address> order = new ArrayList<>(seeds);
        while (!order.isEmpty()) {
            Address a = order.remove(0);
            if (s.nodes.containsKey(a)) continue;
            Seen seen = ask(a, timeoutMs);
            s.nodes.put(a, seen);
            if (!seen.reached()) continue;
            for (ShardsView.Group g : seen.view().groups()) {
                for (ShardsView.Member m : g.nodes()) {
                    if (pending.add(m.address())) order.add(m.address());
                }
            }
        }
        if (s.nodes.values().stream().noneMatch(Seen::reached)) {
            throw AdminException.connection("no node answered: " + String.join("; ",
                    s.nodes.values().stream().map(Seen::failure).toList()));
        }
        return s;
    }

    private static Seen ask(Address a, int timeoutMs) {
        try (RespConnection c = RespConnection.open(a, timeoutMs)) {
            return new Seen(a, ShardsView.read(c), RaftInfoFields.read(c), null);
        } catch (AdminException e) {
            return new Seen(a, null, null, e.getMessage());
        }
    }

    /**
     * Every group any node knows, each as its own members describe it (a group is the authority on
     * its slots; another group's copy may lag a refresh), else as the first node that lists it does.
     */
    Map<String, ShardsView.Group> groups() {
        Map<String, ShardsView.Group> byId = new LinkedHashMap<>();
        Map<String, Boolean> fromMember = new LinkedHashMap<>();
        for (Seen s : nodes.values()) {
            if (!s.reached()) continue;
            String own = s.info().get("raft_dbid");
            for (ShardsView.Group g : s.view().groups()) {
                boolean member = g.id().equals(own);
                if (!byId.containsKey(g.id()) || (member && !fromMember.get(g.id()))) {
                    byId.put(g.id(), g);
                    fromMember.put(g.id(), member);
                }
            }
        }
        return byId;
    }
}
