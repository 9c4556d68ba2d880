package io.redraft.server;

import static io.redraft.server.ShardKeys.keyIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Moving a slot between two shard groups with RedisRaft's pieces (issue #16): slot states set by
 * RAFT.SHARDGROUP REPLACE, MIGRATE ... KEYS locking, sending and deleting keys through the logs,
 * RAFT.IMPORT's checks (importing slot, session key, term), -ASK / ASKING / -TRYAGAIN during the
 * move, RAFT.SCAN, TTLs carried, and a failed step resumed by running MIGRATE again.
 */
class SlotMigrationTest extends TwoShardGroupsFixture {
    /** The same REPLACE for both groups: A owns 0-8191 but {@code slot}, B 8192-16383, {@code slot} in the given states. */
    private List<String> replace(int slot, int typeA, int typeB, long session) {
        List<String> args = new ArrayList<>(List.of("RAFT.SHARDGROUP", "REPLACE", "2"));
        args.addAll(List.of(idA, typeA == 0 ? "2" : "3", "1"));
        args.addAll(List.of("0", Integer.toString(slot - 1), "1", "0"));
        args.addAll(List.of(Integer.toString(slot + 1), "8191", "1", "0"));
        if (typeA != 0) args.addAll(List.of(Integer.toString(slot), Integer.toString(slot), Integer.toString(typeA), Long.toString(session)));
        args.addAll(List.of(idA + "00000001", "127.0.0.1:" + pa));
        args.addAll(List.of(idB, "2", "1", "8192", "16383", "1", "0"));
        args.addAll(List.of(Integer.toString(slot), Integer.toString(slot), Integer.toString(typeB), Long.toString(session)));
        args.addAll(List.of(idB + "00000001", "127.0.0.1:" + pb));
        return args;
    }

    private static String call(RawClient c, List<String> argv) throws Exception {
        return c.call(argv.toArray(new String[0]));
    }

    @Test
    void aSlotMovesWithItsKeysAndClientsAreSentWhereEachKeyIs() throws Exception {
        twoGroups();
        String k1 = keyIn(100, "k1");
        String k2 = keyIn(100, "k2");
        String k3 = keyIn(100, "k3");
        String absent = keyIn(100, "absent");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("SET", k1, "v1", "PX", "600000")).isEqualTo("+OK\r\n");
            assertThat(ca.call("HSET", k2, "f", "v")).isEqualTo(":1\r\n");
            assertThat(ca.call("SET", k3, "v3")).isEqualTo("+OK\r\n");
            assertThat(ca.call("RAFT.SCAN", "0", "100")).contains(k1).contains(k2).contains(k3);

            // Slot 100: MIGRATING at A, IMPORTING at B, under migration session 42.
            assertThat(call(ca, replace(100, 3, 2, 42))).isEqualTo("+OK\r\n");
            assertThat(call(cb, replace(100, 3, 2, 42))).isEqualTo("+OK\r\n");
            assertThat(ca.call("GET", k1)).isEqualTo("$2\r\nv1\r\n");
            assertThat(ca.call("GET", absent)).isEqualTo("-ASK 100 127.0.0.1:" + pb + "\r\n");
            assertThat(cb.call("GET", k1)).isEqualTo("-MOVED 100 127.0.0.1:" + pa + "\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k1, keyIn(200, "x")))
                    .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", keyIn(200, "x")))
                    .isEqualTo("-ERR no RedisRaft cluster to import keys into\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "k", "0", "5000"))
                    .isEqualTo("-ERR wrong number of arguments for 'migrate' command\r\n");

            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k1, k2))
                    .isEqualTo("+OK\r\n");
            // Gone from A, which now asks for them at B; B serves them after ASKING, TTL and type intact.
            assertThat(ca.call("GET", k1)).isEqualTo("-ASK 100 127.0.0.1:" + pb + "\r\n");
            assertThat(ca.call("EXISTS", k1)).isEqualTo("-ASK 100 127.0.0.1:" + pb + "\r\n");
            assertThat(cb.call("ASKING")).isEqualTo("+OK\r\n");
            assertThat(cb.call("GET", k1)).isEqualTo("$2\r\nv1\r\n");
            assertThat(cb.call("GET", k1)).isEqualTo("-MOVED 100 127.0.0.1:" + pa + "\r\n"); // ASKING lasts one command
            cb.call("ASKING");
            assertThat(Long.parseLong(cb.call("PTTL", k1).trim().substring(1))).isBetween(1L, 600000L);
            cb.call("ASKING");
            assertThat(cb.call("HGET", k2, "f")).isEqualTo("$1\r\nv\r\n");
            // Keys split between the groups: retry later.
            cb.call("ASKING");
            assertThat(cb.call("MGET", k1, k3)).isEqualTo("-TRYAGAIN\r\n");
            assertThat(ca.call("MGET", k1, k3)).isEqualTo("-TRYAGAIN\r\n");
            assertThat(ca.call("RAFT.SCAN", "0", "100")).contains(k3).doesNotContain(k1).doesNotContain(k2);

            // Imports that must not apply: an older source term, another migration, a slot not importing.
            assertThat(cb.call("RAFT.IMPORT", "0", "42", k1, "x")).isEqualTo("-ERR invalid term\r\n");
            assertThat(cb.call("RAFT.IMPORT", "99", "41", k1, "x")).isEqualTo("-ERR invalid migration_session_key\r\n");
            assertThat(cb.call("RAFT.IMPORT", "99", "42", keyIn(101, "y"), "x")).isEqualTo("-ERR not an importing slot\r\n");
            assertThat(cb.call("RAFT.IMPORT", "x", "42", k1, "x")).isEqualTo("-ERR failed to parse raft term\r\n");

            // A failed last step leaves the key locked (writes retry), and MIGRATE again finishes it.
            assertThat(ca.call("CONFIG", "SET", "raft.migration-debug", "fail-unlock")).isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k3))
                    .isEqualTo("-ERR Unable to unlock/delete migrated keys, try again\r\n");
            assertThat(ca.call("SET", k3, "changed")).isEqualTo("-TRYAGAIN\r\n");
            assertThat(ca.call("CONFIG", "SET", "raft.migration-debug", "none")).isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k3))
                    .isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", absent))
                    .isEqualTo("$2\r\nOK\r\n");
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":0\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":3\r\n");

            // The switch of ownership: B owns slot 100 STABLE, on both maps.
            List<String> done = replace(100, 0, 1, 0);
            assertThat(call(ca, done)).isEqualTo("+OK\r\n");
            assertThat(call(cb, done)).isEqualTo("+OK\r\n");
            assertThat(ca.call("GET", k3)).isEqualTo("-MOVED 100 127.0.0.1:" + pb + "\r\n");
            assertThat(cb.call("GET", k3)).isEqualTo("$2\r\nv3\r\n");
        }
    }
}
