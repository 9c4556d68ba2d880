package io.redraft.server.tool;

import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardMap;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code add-group --to host:port host:port...}: forms a new shard group out of running,
 * uninitialized nodes (INIT, JOIN, every member voting), gives it an empty map of its own (its
 * {@code raft.slot-config}, 0-16383 by default, would claim every slot), and LINKs it with every
 * group of the deployment that {@code --to} belongs to, both ways. It owns no slot until a
 * {@code reshard} or {@code rebalance} moves some to it. Returns once every node of every group
 * lists the new group.
 */
final class AddGroup {
    private final PrintStream out;
    private final int timeoutMs;

    AddGroup(PrintStream out, int timeoutMs) {
        this.out = out;
        this.timeoutMs = timeoutMs;
    }

    /** Returns the new group's id. */
    String run(Address existing, List<Address> members) throws AdminException {
        ClusterCreate create = new ClusterCreate(out, timeoutMs);
        List<Address> groupLeaders = new ArrayList<>();
        // The map as --to's group leader holds it (a follower answers MOVED to it).
        try (RespConnection c = new Reshard(timeoutMs, 1, out).leader(existing.toString())) {
            ShardMap map = ShardMap.decode((byte[]) Reshard.expect(c.callBinary("RAFT.SHARDGROUP", "MAP"), c));
            for (ShardGroup g : map.groups()) {
                if (g.id().equals(map.localId())) groupLeaders.add(Address.parse(c.address()));
                else if (!g.nodes().isEmpty()) groupLeaders.add(Address.parse(g.nodes().get(0).address()));
            }
        }
        for (Address a : members) create.precheck(a);
        int index = groupLeaders.size();
        String id = create.form(index, members);
        Address leader = create.awaitVoters(members);
        try (RespConnection c = RespConnection.open(leader, timeoutMs)) {
            ClusterCreate.expectOk(c, leader, "RAFT.SHARDGROUP", "REPLACE", "1", id, "0", "0");
            for (Address other : groupLeaders) ClusterCreate.expectOk(c, leader, "RAFT.SHARDGROUP", "LINK", other.toString());
        }
        for (Address other : groupLeaders) {
            // Any node of the group: a follower's LINK is sent on to its leader as a MOVED the tool follows.
            linkFrom(other, leader);
        }
        out.println("group " + index + " " + id + ": " + members.size() + " nodes, no slots, linked with " + groupLeaders.size()
                + " groups");
        awaitListed(id, groupLeaders, members);
        return id;
    }

    private void linkFrom(Address member, Address newLeader) throws AdminException {
        Address at = member;
        for (int hop = 0; hop < 5; hop++) {
            try (RespConnection c = RespConnection.open(at, timeoutMs)) {
                Object r = c.call("RAFT.SHARDGROUP", "LINK", newLeader.toString());
                if ("OK".equals(r)) return;
                if (r instanceof RespConnection.Error e && e.text().startsWith("MOVED ")) {
                    at = Address.parse(e.text().split(" ")[2]);
                    continue;
                }
                throw AdminException.connection("RAFT.SHARDGROUP LINK " + newLeader + " on " + at + " answered " + r);
            }
        }
        throw AdminException.connection("no leader found through " + member);
    }

    /** Until every node reachable from the existing groups and the new members lists the new group. */
    private void awaitListed(String id, List<Address> groupLeaders, List<Address> members) throws AdminException {
        List<Address> all = new ArrayList<>(members);
        all.addAll(groupLeaders);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            boolean ok = true;
            for (Address a : all) {
                try (RespConnection c = RespConnection.open(a, timeoutMs)) {
                    // CLUSTER SHARDS: followers answer it too.
                    ShardsView v = ShardsView.read(c);
                    if (v.groups().stream().noneMatch(g -> g.id().equals(id)) || v.groups().size() != groupLeaders.size() + 1) {
                        last = a + " lists " + v.groups().size() + " groups";
                        ok = false;
                        break;
                    }
                } catch (AdminException e) {
                    last = e.getMessage();
                    ok = false;
                    break;
                }
            }
            if (ok) return;
            ClusterCreate.pause();
        }
        throw AdminException.connection("the new group is linked but not every node lists it: " + last);
    }
}
