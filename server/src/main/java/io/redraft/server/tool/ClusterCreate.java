package io.redraft.server.tool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code create --shards N [--replicas M] host:port...}: makes N shard groups of M nodes out of
 * running, uninitialized nodes started with {@code --raft.sharding yes}. The addresses are taken
 * in order, M per group. Each group is formed (INIT on its first node, JOIN for the others), its
 * own slots set with {@code RAFT.SHARDGROUP REPLACE} (a new group owns {@code raft.slot-config},
 * 0-16383 unless the nodes were started otherwise, and slot-config cannot change after INIT:
 * REPLACE is how a group's slots change once it exists), then every group LINKs every other.
 * Returns once every node's CLUSTER SHARDS shows the same N groups.
 */
final class ClusterCreate {
    private final PrintStream out;
    private final int timeoutMs;

    ClusterCreate(PrintStream out, int timeoutMs) {
        this.out = out;
        this.timeoutMs = timeoutMs;
    }

    /** Group {@code g} of {@code shards}: 16384 slots split as evenly as integers allow, earlier groups get the extra. */
    static ShardsView.Range slotsOf(int g, int shards) {
        int size = 16384 / shards, extra = 16384 % shards;
        int start = g * size + Math.min(g, extra);
        return new ShardsView.Range(start, start + size - 1 + (g < extra ? 1 : 0));
    }

    void run(int shards, int replicas, List<Address> nodes) throws AdminException {
        for (Address a : nodes) precheck(a);
        List<Address> leaders = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < shards; g++) {
            List<Address> members = nodes.subList(g * replicas, (g + 1) * replicas);
            ids.add(form(g, members));
            leaders.add(awaitVoters(members));
        }
        for (int g = 0; g < shards; g++) {
            ShardsView.Range r = slotsOf(g, shards);
            try (RespConnection c = RespConnection.open(leaders.get(g), timeoutMs)) {
                expectOk(c, leaders.get(g), "RAFT.SHARDGROUP", "REPLACE", "1", ids.get(g), "1", "0",
                        Integer.toString(r.start()), Integer.toString(r.end()), "1", "0");
            }
            out.println("group " + g + " " + ids.get(g) + ": slots " + r);
        }
        for (int g = 0; g < shards; g++) {
            for (int h = 0; h < shards; h++) {
                if (g == h) continue;
                try (RespConnection c = RespConnection.open(leaders.get(g), timeoutMs)) {
                    expectOk(c, leaders.get(g), "RAFT.SHARDGROUP", "LINK", leaders.get(h).toString());
                }
            }
        }
        out.println("linked " + shards + " groups; waiting until every node lists them all");
        awaitAgreement(shards, replicas, nodes);
    }

    void precheck(Address a) throws AdminException {
        try (RespConnection c = RespConnection.open(a, timeoutMs)) {
            Object get = c.call("RAFT.SHARDGROUP", "GET");
            if (get instanceof RespConnection.Error e && e.text().contains("sharding not enabled")) {
                throw AdminException.usage(a + " runs without sharding: start it with --raft.sharding yes");
            }
            String state = RaftInfoFields.read(c).get("raft_state");
            if (!state.equals("uninitialized")) {
                throw AdminException.usage(a + " is already part of a cluster (raft_state:" + state + "); create needs new nodes");
            }
        }
    }

    /** INIT on the first member, JOIN the others to it; returns the group's id. */
    String form(int g, List<Address> members) throws AdminException {
        Address first = members.get(0);
        String id;
        try (RespConnection c = RespConnection.open(first, timeoutMs)) {
            Object r = c.call("RAFT.CLUSTER", "INIT");
            if (!(r instanceof String s) || !s.matches("OK [0-9a-f]{32}")) {
                throw AdminException.connection("RAFT.CLUSTER INIT on " + first + " answered " + r);
            }
            id = s.substring(3);
        }
        out.println("group " + g + ": RAFT.CLUSTER INIT on " + first);
        for (Address a : members.subList(1, members.size())) {
            try (RespConnection c = RespConnection.open(a, timeoutMs)) {
                expectOk(c, a, "RAFT.CLUSTER", "JOIN", first.toString());
            }
            out.println("group " + g + ": RAFT.CLUSTER JOIN on " + a);
        }
        return id;
    }

    /**
     * Waits until the group's leader counts every member as a voter (a joined node votes once it
     * caught up; LINK hands out the voting members only) and serves; returns the leader.
     */
    Address awaitVoters(List<Address> members) throws AdminException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            for (Address a : members) {
                try (RespConnection c = RespConnection.open(a, timeoutMs)) {
                    RaftInfoFields i = RaftInfoFields.read(c);
                    last = a + " " + i.get("raft_role") + " with " + i.get("raft_num_voting_nodes") + " voters";
                    if (i.get("raft_role").equals("leader") && i.number("raft_num_voting_nodes") == members.size()
                            && c.call("DBSIZE") instanceof Long) {
                        return a;
                    }
                } catch (AdminException e) {
                    last = e.getMessage();
                }
            }
            pause();
        }
        throw AdminException.connection("group of " + members + " has no leader with " + members.size() + " voters: " + last);
    }

    private void awaitAgreement(int shards, int replicas, List<Address> nodes) throws AdminException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            boolean all = true;
            for (Address a : nodes) {
                try (RespConnection c = RespConnection.open(a, timeoutMs)) {
                    ShardsView v = ShardsView.read(c);
                    boolean ok = v.groups().size() == shards && v.groups().stream().allMatch(g -> g.nodes().size() == replicas);
                    if (!ok) {
                        last = a + " lists " + v.groups().size() + " groups";
                        all = false;
                        break;
                    }
                } catch (AdminException e) {
                    last = e.getMessage();
                    all = false;
                    break;
                }
            }
            if (all) return;
            pause();
        }
        throw AdminException.connection("the groups are linked but not every node lists all " + shards + " groups: " + last);
    }

    static void expectOk(RespConnection c, Address a, String... cmd) throws AdminException {
        Object r = c.call(cmd);
        if (!"OK".equals(r)) throw AdminException.connection(String.join(" ", cmd) + " on " + a + " answered " + r);
    }

    static void pause() throws AdminException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminException.connection("interrupted");
        }
    }
}
