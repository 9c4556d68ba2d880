package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.ShardKeys.keyIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Shard groups wired into nodes (issue #15): RAFT.SHARDGROUP GET / ADD / REPLACE / LINK with
 * RedisRaft's replies and errors, the map replicated through the log and carried across restarts
 * and snapshots, slot routing (MOVED, CROSSSLOT, CLUSTERDOWN, ASK) decided before logging, MULTI
 * and WATCH as Redis Cluster checks them, and the CLUSTER subcommands cluster clients call.
 */
class ShardGroupsTest extends InProcessClusterFixture {
    private static final String SHARDING = "--raft.sharding";

    private static String dbid(RawClient c) throws Exception {
        String info = c.call("INFO", "raft");
        return field(info, "raft_dbid");
    }

    private static void init(RawClient c) throws Exception {
        assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
        await(() -> c.call("DBSIZE"), r -> r.startsWith(":")); // the leader serves
    }

    @Test
    void linkedGroupsRouteEveryKeyToItsOwnerAndKeepTheMapAcrossRestartsAndSnapshots() throws Exception {
        int pa = InProcessCluster.freePort();
        int pb = InProcessCluster.freePort();
        var a = cluster.start("a", pa, SHARDING, "yes", "--raft.slot-config", "0:8191",
                "--raft.shardgroup-update-interval", "100");
        cluster.start("b", pb, SHARDING, "yes", "--raft.slot-config", "8192:16383",
                "--raft.shardgroup-update-interval", "100");
        String keyA = keyIn(100, "a");
        String keyB = keyIn(9000, "b");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            init(ca);
            init(cb);
            String idA = dbid(ca);
            String idB = dbid(cb);
            // A group alone holds only its own slots: the others are not served.
            assertThat(ca.call("SET", keyB, "x")).isEqualTo("-CLUSTERDOWN Hash slot is not served\r\n");

            assertThat(ca.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pb)).isEqualTo("+OK\r\n");
            assertThat(cb.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pa)).isEqualTo("+OK\r\n");
            // Linking twice adds nothing.
            assertThat(ca.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pb)).isEqualTo("-ERR Invalid ShardGroup Update\r\n");

            assertThat(ca.call("SET", keyA, "1")).isEqualTo("+OK\r\n");
            assertThat(ca.call("SET", keyB, "2")).isEqualTo("-MOVED 9000 127.0.0.1:" + pb + "\r\n");
            assertThat(cb.call("SET", keyB, "2")).isEqualTo("+OK\r\n");
            assertThat(cb.call("GET", keyA)).isEqualTo("-MOVED 100 127.0.0.1:" + pa + "\r\n");
            assertThat(ca.call("MSET", keyA, "1", keyIn(101, "a"), "2"))
                    .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            assertThat(ca.call("MSET", keyIn(200, "x"), "1", keyIn(200, "y"), "2")).isEqualTo("+OK\r\n");
            // Keyless commands act on the local group.
            assertThat(ca.call("DBSIZE")).isEqualTo(":3\r\n");

            // MULTI: each command checked as it is queued; EXEC checks the keys together.
            assertThat(ca.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(ca.call("SET", keyB, "x")).isEqualTo("-MOVED 9000 127.0.0.1:" + pb + "\r\n");
            assertThat(ca.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(ca.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(ca.call("SET", keyA, "x")).isEqualTo("+QUEUED\r\n");
            assertThat(ca.call("SET", keyIn(101, "a"), "y")).isEqualTo("+QUEUED\r\n");
            assertThat(ca.call("EXEC")).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            assertThat(ca.call("WATCH", keyA, keyB)).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            assertThat(ca.call("WATCH", keyB)).isEqualTo("-MOVED 9000 127.0.0.1:" + pb + "\r\n");
            // Shard channels live with their slot: subscribe and publish where the slot is.
            assertThat(ca.call("SSUBSCRIBE", keyB)).isEqualTo("-MOVED 9000 127.0.0.1:" + pb + "\r\n");
            assertThat(ca.call("SPUBLISH", keyB, "m")).isEqualTo("-MOVED 9000 127.0.0.1:" + pb + "\r\n");
            assertThat(cb.call("SPUBLISH", keyB, "m")).isEqualTo(":0\r\n");

            // CLUSTER describes both groups, each with its own ranges.
            String slots = ca.call("CLUSTER", "SLOTS");
            assertThat(slots).startsWith("*2\r\n").contains(":0\r\n:8191\r\n").contains(":8192\r\n:16383\r\n")
                    .contains(idA).contains(idB);
            String nodes = ca.call("CLUSTER", "NODES");
            assertThat(nodes).contains(idA).contains(" myself,master - 0 0 ")
                    .contains("connected 0-8191\n").contains("connected 8192-16383\n");
            assertThat(ca.call("CLUSTER", "INFO")).contains("cluster_state:ok\r\n").contains("cluster_slots_assigned:16384\r\n")
                    .contains("cluster_size:2\r\n");
            assertThat(ca.call("CLUSTER", "MYID")).contains(idA);
            assertThat(ca.call("CLUSTER", "KEYSLOT", keyB)).isEqualTo(":9000\r\n");
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":1\r\n");
            assertThat(ca.call("CLUSTER", "GETKEYSINSLOT", "100", "10")).isEqualTo("*1\r\n$" + keyA.length() + "\r\n" + keyA + "\r\n");
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "16384")).isEqualTo("-ERR Invalid slot\r\n");
            assertThat(ca.call("CLUSTER", "GETKEYSINSLOT", "1", "-1")).isEqualTo("-ERR Invalid slot or number of keys\r\n");
            assertThat(ca.call("RAFT.SHARDGROUP", "GET")).startsWith("*3\r\n$32\r\n" + idA + "\r\n*1\r\n*3\r\n:0\r\n:8191\r\n:1\r\n");
            assertThat(ca.call("INFO", "cluster")).contains("cluster_enabled:1");
        }

        // The map is replicated state: it survives a restart (log replay) and a snapshot.
        cluster.stop(a);
        a = cluster.start("a", pa, SHARDING, "yes", "--raft.slot-config", "0:8191");
        try (RawClient ca = new RawClient(pa)) {
            await(() -> ca.call("SET", keyB, "x"), r -> r.equals("-MOVED 9000 127.0.0.1:" + pb + "\r\n"));
            assertThat(ca.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
        }
        cluster.stop(a);
        cluster.start("a", pa, SHARDING, "yes", "--raft.slot-config", "0:8191");
        try (RawClient ca = new RawClient(pa)) {
            await(() -> ca.call("SET", keyB, "x"), r -> r.equals("-MOVED 9000 127.0.0.1:" + pb + "\r\n"));
            await(() -> ca.call("GET", keyA), r -> r.equals("$1\r\n1\r\n"));
        }
    }

    @Test
    void changesAreValidatedWithRedisRaftsErrorsAndChangeNothingWhenRefused() throws Exception {
        int p = InProcessCluster.freePort();
        cluster.start("a", p, SHARDING, "yes", "--raft.slot-config", "0:1000");
        int off = InProcessCluster.freePort();
        try (RawClient c = new RawClient(p)) {
            init(c);
            String id = dbid(c);
            String other = "f".repeat(32);
            String node = other + "00000001";
            assertThat(c.call("RAFT.SHARDGROUP", "ADD", other, "1", "1", "500", "2000", "1", "0", node, "h:1"))
                    .isEqualTo("-ERR invalid shardgroup configuration. Consult the logs for more info.\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "ADD", "short", "1", "0", "1", "2", "1", "0"))
                    .isEqualTo("-ERR shard group id must be 32 characters (argv[2])\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "ADD", other, "1", "0", "1", "20000", "1", "0"))
                    .isEqualTo("-ERR failed to parse slot range (argv[5]:argv[8])\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "ADD", other, "1")).isEqualTo("-ERR wrong number of arguments for 'RAFT.SHARDGROUP' command\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "BOGUS")).isEqualTo("-RAFT.SHARDGROUP supports GET/ADD/REPLACE/LINK only\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "REPLACE", "1", other, "1", "0", "0", "16383", "1", "0"))
                    .isEqualTo("-ERR invalid shard group message (local shard group missing)\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "REPLACE", "2", other, "1", "0", "0", "100", "1", "0",
                    id, "1", "0", "50", "60", "1", "0"))
                    .isEqualTo("-ERR Unable to validate shard groups: shard group already owns this slot\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "LINK", "nohost")).isEqualTo("-ERR invalid address/port specified\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + off))
                    .isEqualTo("-ERR failed to connect to cluster for link, please check logs\r\n");
            // Nothing changed: slot 2000 is still unserved and the map has one group.
            assertThat(c.call("SET", keyIn(2000, "k"), "v")).isEqualTo("-CLUSTERDOWN Hash slot is not served\r\n");
            assertThat(c.call("CLUSTER", "SLOTS")).startsWith("*1\r\n");

            // A valid ADD is logged and applied; REPLACE rewrites the whole map, slots in motion included.
            assertThat(c.call("RAFT.SHARDGROUP", "ADD", other, "1", "1", "1001", "16383", "1", "0", node, "127.0.0.1:7"))
                    .isEqualTo("+OK\r\n");
            assertThat(c.call("SET", keyIn(2000, "k"), "v")).isEqualTo("-MOVED 2000 127.0.0.1:7\r\n");
            assertThat(c.call("RAFT.SHARDGROUP", "REPLACE", "2", other, "2", "1", "1001", "16383", "1", "0",
                    "1000", "1000", "2", "9", node, "127.0.0.1:7", id, "2", "0", "0", "999", "1", "0",
                    "1000", "1000", "3", "9")).isEqualTo("+OK\r\n");
            // Slot 1000 is migrating away: a key missing here is asked for at the target.
            assertThat(c.call("SET", keyIn(1000, "here"), "v")).isEqualTo("-ASK 1000 127.0.0.1:7\r\n");
            String nodes = c.call("CLUSTER", "NODES");
            assertThat(nodes).contains("[1000->-" + node + "]");
        }
    }

    @Test
    void withoutShardingTheCommandIsRefusedAndKeysOfAnySlotAreServed() throws Exception {
        int p = InProcessCluster.freePort();
        cluster.start("a", p);
        try (RawClient c = new RawClient(p)) {
            init(c);
            assertThat(c.call("RAFT.SHARDGROUP", "GET")).isEqualTo("-ERR RedisRaft sharding not enabled\r\n");
            assertThat(c.call("MSET", "a", "1", "b", "2")).isEqualTo("+OK\r\n");
            assertThat(c.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(c.call("READONLY")).isEqualTo("+OK\r\n");
            assertThat(c.call("READWRITE")).isEqualTo("+OK\r\n");
            assertThat(c.call("ASKING", "x")).isEqualTo("-ERR wrong number of arguments for 'asking' command\r\n");
        }
    }

    @Test
    void aLinkedGroupsNewMembersReachTheOtherGroupsMapThroughTheRefresh() throws Exception {
        int pa = InProcessCluster.freePort();
        int pb = InProcessCluster.freePort();
        int pb2 = InProcessCluster.freePort();
        cluster.start("a", pa, SHARDING, "yes", "--raft.slot-config", "0:8191", "--raft.shardgroup-update-interval", "100");
        cluster.start("b", pb, SHARDING, "yes", "--raft.slot-config", "8192:16383");
        cluster.start("b2", pb2, SHARDING, "yes", "--raft.slot-config", "8192:16383");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb); RawClient cb2 = new RawClient(pb2)) {
            init(ca);
            init(cb);
            assertThat(ca.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pb)).isEqualTo("+OK\r\n");
            assertThat(cb2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + pb)).isEqualTo("+OK\r\n");
            await(Duration.ofSeconds(30), () -> ca.call("CLUSTER", "SLOTS"), r -> r.contains(":" + pb2 + "\r\n"));
        }
    }
}
