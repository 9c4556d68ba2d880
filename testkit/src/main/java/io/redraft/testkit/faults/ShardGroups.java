package io.redraft.testkit.faults;

import io.redraft.store.HashSlot;
import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * {@code --shards N}: N shard groups, each its own {@link LocalCluster} of real processes started
 * with {@code raft.sharding yes} and one contiguous share of the 16384 slots, formed (INIT, JOIN)
 * and then linked both ways ({@code RAFT.SHARDGROUP LINK} from every group's leader to every other
 * group), as an operator builds RedisRaft's sharded deployment by hand.
 *
 * <p>Partitionable groups are cut by the servers' test-only hook and stay on loopback: with network
 * namespaces each group would sit on its own bridge and subnet, out of reach of the other groups'
 * nodes, which LINK and the periodic refresh of linked groups must reach.
 */
final class ShardGroups {
    /** How often linked groups refresh each other's node lists: often, so MOVED follows new leaders soon. */
    static final String UPDATE_INTERVAL_MS = "500";

    private ShardGroups() {}

    /** Group {@code g}'s first and last slot of {@code shards} contiguous, near-equal shares. */
    static int[] range(int g, int shards) {
        return new int[] {g * HashSlot.SLOTS / shards, (g + 1) * HashSlot.SLOTS / shards - 1};
    }

    /** Starts, forms and links the groups; on failure every process already started is killed. */
    static List<LocalCluster> start(int shards, int nodes, boolean partitionable, String[] serverArgs) {
        List<LocalCluster> groups = new ArrayList<>();
        try {
            for (int g = 0; g < shards; g++) {
                int[] r = range(g, shards);
                List<String> args = new ArrayList<>(List.of(serverArgs));
                args.addAll(List.of("--raft.sharding", "yes", "--raft.slot-config", r[0] + ":" + r[1],
                        "--raft.shardgroup-update-interval", UPDATE_INTERVAL_MS));
                String name = "faults-g" + (g + 1);
                String[] a = args.toArray(String[]::new);
                LocalCluster c = partitionable ? LocalCluster.startPartitionableOnLoopback(name, nodes, a)
                        : LocalCluster.start(name, nodes, a);
                groups.add(c);
                c.form();
            }
            link(groups);
            return groups;
        } catch (RuntimeException | Error e) {
            for (LocalCluster c : groups) {
                c.keepLogs();
                c.close();
            }
            throw e;
        }
    }

    /** LINK every ordered pair, then waits until every node's CLUSTER INFO shows all slots served by N groups. */
    static void link(List<LocalCluster> groups) {
        for (LocalCluster from : groups) {
            for (LocalCluster to : groups) {
                if (from == to) continue;
                NodeProcess leader = from.node(from.leader());
                NodeProcess target = to.node(to.leader());
                try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(leader.host(), leader.port(), (int) LocalCluster.PATIENCE.toMillis())) {
                    String reply = Cmd.string(j, "RAFT.SHARDGROUP", "LINK", target.address());
                    if (!"OK".equals(reply)) throw new AssertionError("LINK " + target.address() + " on " + leader.name() + " replied " + reply);
                }
            }
        }
        for (LocalCluster c : groups) {
            c.waitFor("every node sees " + groups.size() + " groups serving every slot", () -> {
                for (NodeProcess n : c.nodes()) {
                    try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(n.host(), n.port(), 2000)) {
                        String info = Cmd.string(j, "CLUSTER", "INFO");
                        if (!info.contains("cluster_state:ok") || !info.contains("cluster_size:" + groups.size() + "\r\n")) return false;
                    }
                }
                return true;
            }, Duration.ofSeconds(30));
        }
    }

    /**
     * Hash tags whose slots fall in every group's range, {@code perGroup} each, found by counting
     * up: the list-append keys carry them, so every group gets keys and a transaction's keys share a slot.
     */
    static List<String> tags(int shards, int perGroup) {
        List<String> tags = new ArrayList<>();
        int[] found = new int[shards];
        for (int i = 0; tags.size() < shards * perGroup; i++) {
            String tag = "s" + i;
            int slot = ClusterClient.slot("{" + tag + "}");
            int g = (int) ((long) slot * shards / HashSlot.SLOTS);
            // range() rounds down: the group is the one whose share contains the slot
            while (slot > range(g, shards)[1]) g++;
            while (slot < range(g, shards)[0]) g--;
            if (found[g] < perGroup) {
                found[g]++;
                tags.add(tag);
            }
        }
        return tags;
    }
}
