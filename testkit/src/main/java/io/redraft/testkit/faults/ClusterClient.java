package io.redraft.testkit.faults;

import io.redraft.store.HashSlot;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * One client's connections to the cluster: follows MOVED, moves to another node when its node is
 * gone, and decides from an error whether the request certainly did not happen ({@link Fate#FAIL})
 * or may have ({@link Fate#INFO}).
 *
 * <p>Against shard groups ({@code --shards N}) it is cluster-aware the way Redis Cluster clients
 * are: a slot table read from {@code CLUSTER SLOTS} sends each key to its group, with one
 * connection per group, and a MOVED to another group corrects the table. It is the harness's own
 * rather than JedisCluster or Lettuce's because those retry a redirected or timed-out command on
 * their own, and a history must know whether each attempt may have happened: here every attempt is
 * one request whose fate the workload records.
 */
final class ClusterClient implements AutoCloseable {
    enum Fate { FAIL, INFO }

    /** Short enough that a paused leader costs a client a second or two, not the whole run. */
    static final int SOCKET_TIMEOUT_MS = 1500;

    /** Refusals decided before a command is logged: the command certainly did not happen. */
    // ASK and TRYAGAIN (a slot in motion) also mean "not run": the slot check precedes the log.
    private static final List<String> DEFINITE = List.of("MOVED", "ASK ", "TRYAGAIN", "NOCLUSTER", "EXECABORT", "WRONGTYPE", "CROSSSLOT",
            "ERR unknown", "ERR wrong");

    private final List<LocalCluster> groups;
    /** Per group: where its requests go now, how far the rotation through its nodes got, the open connection. */
    private final String[] host;
    private final int[] port;
    private final int[] rotation;
    private final Jedis[] jedis;
    /** Slot -> group index; all 0 with a single group. */
    private final int[] slotGroup = new int[HashSlot.SLOTS];
    /** The group and slot of the last request handed out (slot -1: keyless), which {@link #failed} judges. */
    private int current;
    private int currentSlot = -1;

    ClusterClient(LocalCluster cluster, int startIndex) {
        this(List.of(cluster), startIndex);
    }

    /** {@code groups.size() > 1}: shard groups, linked; the slot table is read from CLUSTER SLOTS now. */
    ClusterClient(List<LocalCluster> groups, int startIndex) {
        this.groups = List.copyOf(groups);
        int n = groups.size();
        host = new String[n];
        port = new int[n];
        rotation = new int[n];
        jedis = new Jedis[n];
        for (int g = 0; g < n; g++) {
            rotation[g] = startIndex;
            NodeProcess first = node(g, startIndex);
            host[g] = first.host();
            port[g] = first.port();
        }
        if (n > 1) refreshSlots();
    }

    /** The connection for keyless requests: the first group's (the only one unless sharded). */
    Jedis jedis() {
        current = 0;
        currentSlot = -1;
        return connection(0);
    }

    /** The connection to the group that the slot table says serves {@code key}. */
    Jedis jedis(String key) {
        currentSlot = slot(key);
        current = slotGroup[currentSlot];
        return connection(current);
    }

    /** Which group {@code key}'s requests go to (client sessions are per group: each group's state machine has its own). */
    int group(String key) {
        return slotGroup[slot(key)];
    }

    int groups() {
        return groups.size();
    }

    private Jedis connection(int g) {
        if (jedis[g] == null) jedis[g] = io.redraft.testkit.cluster.ClusterSecurity.appJedis(host[g], port[g], SOCKET_TIMEOUT_MS);
        return jedis[g];
    }

    static int slot(String key) {
        return HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Classifies a failed request and repositions: a redirect or a refusal before proposing
     * (MOVED, NOCLUSTER, EXECABORT, CROSSSLOT) is a definite failure; a timeout, a dropped
     * connection, -TIMEOUT or -CLUSTERDOWN leave the outcome open.
     */
    Fate failed(RuntimeException e) {
        int g = current;
        drop(g);
        if (e instanceof JedisMovedDataException moved) {
            redirect(moved.getSlot(), moved.getTargetNode().getHost(), moved.getTargetNode().getPort());
            return Fate.FAIL;
        }
        nextNode(g);
        // Back off a little so that a cluster without a leader is not flooded with retries.
        LockSupport.parkNanos(20_000_000L);
        if (e instanceof JedisDataException && !(e instanceof JedisConnectionException)) {
            String m = String.valueOf(e.getMessage());
            for (String definite : DEFINITE) {
                if (m.startsWith(definite)) return Fate.FAIL;
            }
        }
        return Fate.INFO;
    }

    /**
     * Points the target's group at the target; a keyed request redirected to another group than the
     * table said moves its slot there (keyless redirects say "MOVED 0" and name only the leader).
     */
    private void redirect(int slot, String toHost, int toPort) {
        int target = groupOf(toHost, toPort);
        if (target < 0) target = current; // a node the harness does not know: try it for this group
        host[target] = toHost;
        port[target] = toPort;
        if (target != current) drop(target);
        if (currentSlot >= 0 && slot == currentSlot && slotGroup[slot] != target) slotGroup[slot] = target;
    }

    private int groupOf(String h, int p) {
        for (int g = 0; g < groups.size(); g++) {
            for (NodeProcess n : groups.get(g).nodes()) {
                if (n.port() == p && n.host().equals(h)) return g;
            }
        }
        return -1;
    }

    /**
     * Reads CLUSTER SLOTS from the first node that answers and maps every range to the group of its
     * first listed node (the group's leader, as far as the answering node knows).
     */
    private void refreshSlots() {
        RuntimeException last = null;
        for (LocalCluster c : groups) {
            for (NodeProcess n : c.nodes()) {
                try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(n.host(), n.port(), SOCKET_TIMEOUT_MS)) {
                    Object reply = j.sendCommand(Protocol.Command.CLUSTER, "SLOTS");
                    int[] table = new int[HashSlot.SLOTS];
                    Arrays.fill(table, -1);
                    for (Object o : cast(reply)) {
                        List<Object> range = cast(o);
                        List<Object> master = cast(range.get(2));
                        int g = groupOf(new String((byte[]) master.get(0), StandardCharsets.UTF_8), ((Long) master.get(1)).intValue());
                        if (g < 0) throw new IllegalStateException("CLUSTER SLOTS names an unknown node: " + master);
                        for (long s = (Long) range.get(0); s <= (Long) range.get(1); s++) table[(int) s] = g;
                    }
                    for (int s = 0; s < table.length; s++) {
                        if (table[s] < 0) throw new IllegalStateException("slot " + s + " is not in " + n.name() + "'s CLUSTER SLOTS");
                    }
                    System.arraycopy(table, 0, slotGroup, 0, table.length);
                    return;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("no node answered CLUSTER SLOTS with every slot served", last);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cast(Object o) {
        return (List<Object>) o;
    }

    /** Whether a session error says the request's client session is gone (never a reason to retry with it). */
    static boolean sessionLost(RuntimeException e) {
        return e instanceof JedisDataException && !(e instanceof JedisConnectionException)
                && String.valueOf(e.getMessage()).startsWith("ERR session");
    }

    private NodeProcess node(int g, int index) {
        List<NodeProcess> nodes = groups.get(g).nodes();
        return nodes.get(index % nodes.size());
    }

    private void nextNode(int g) {
        NodeProcess next = node(g, ++rotation[g]);
        host[g] = next.host();
        port[g] = next.port();
    }

    private void drop(int g) {
        if (jedis[g] != null) {
            try {
                jedis[g].close();
            } catch (RuntimeException ignored) {
                // the connection is being dropped anyway
            }
            jedis[g] = null;
        }
    }

    @Override
    public void close() {
        for (int g = 0; g < jedis.length; g++) drop(g);
    }
}
