package io.redraft.server;

import static io.redraft.server.ShardKeys.keyIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input to a migration (issue #16) is refused with a clear error and changes nothing: a map
 * with a slot importing into two groups, a MIGRATE towards a group that is not importing the slot,
 * and a RAFT.IMPORT from a source leader older than one already heard from.
 */
class MigrationRefusalTest extends TwoShardGroupsFixture {
    private static final String THIRD = "c".repeat(32);
    /** A REPLACE of the world where slot 100 leaves A for B under session 42 ({@code withThird}: C imports it too). */
    private List<String> moving100(boolean withThird) {
        List<String> args = new ArrayList<>(List.of("RAFT.SHARDGROUP", "REPLACE", withThird ? "3" : "2"));
        args.addAll(List.of(idA, "3", "1", "0", "99", "1", "0", "101", "8191", "1", "0", "100", "100", "3", "42"));
        args.addAll(List.of(idA + "00000001", "127.0.0.1:" + pa));
        args.addAll(List.of(idB, "2", "1", "8192", "16383", "1", "0", "100", "100", "2", "42"));
        args.addAll(List.of(idB + "00000001", "127.0.0.1:" + pb));
        if (withThird) {
            args.addAll(List.of(THIRD, "1", "1", "100", "100", "2", "42", THIRD + "00000001", "127.0.0.1:1"));
        }
        return args;
    }

    /** Slots 100 and 101 leave A for B, under sessions 42 and {@code session101}. */
    private List<String> moving100and101(long session101) {
        String s101 = Long.toString(session101);
        List<String> args = new ArrayList<>(List.of("RAFT.SHARDGROUP", "REPLACE", "2"));
        args.addAll(List.of(idA, "4", "1", "0", "99", "1", "0", "102", "8191", "1", "0", "100", "100", "3", "42",
                "101", "101", "3", s101));
        args.addAll(List.of(idA + "00000001", "127.0.0.1:" + pa));
        args.addAll(List.of(idB, "3", "1", "8192", "16383", "1", "0", "100", "100", "2", "42", "101", "101", "2", s101));
        args.addAll(List.of(idB + "00000001", "127.0.0.1:" + pb));
        return args;
    }

    @Test
    void oneMigrateTakesKeysOfSeveralSlotsOnlyWhenTheyAreOneMove() throws Exception {
        twoGroups();
        String k100 = keyIn(100, "k");
        String k101 = keyIn(101, "k");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("SET", k100, "a")).isEqualTo("+OK\r\n");
            assertThat(ca.call("SET", k101, "b")).isEqualTo("+OK\r\n");
            // Two sessions: two moves, so RedisRaft's rule holds.
            assertThat(call(cb, moving100and101(43))).isEqualTo("+OK\r\n");
            assertThat(call(ca, moving100and101(43))).isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k100, k101))
                    .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
            // One session: one move, one batch.
            assertThat(call(cb, moving100and101(42))).isEqualTo("+OK\r\n");
            assertThat(call(ca, moving100and101(42))).isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k100, k101))
                    .isEqualTo("+OK\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":1\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "101")).isEqualTo(":1\r\n");
            assertThat(ca.call("DBSIZE")).isEqualTo(":0\r\n");
        }
    }

    private static String text(byte[] reply) {
        return new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The payload of a bulk reply's raw bytes. */
    private static byte[] bulk(byte[] reply) {
        int start = text(reply).indexOf("\r\n") + 2;
        return java.util.Arrays.copyOfRange(reply, start, reply.length - 2);
    }

    private static String call(RawClient c, List<String> argv) throws Exception {
        return c.call(argv.toArray(new String[0]));
    }

    @Test
    void aSlotImportingIntoTwoGroupsIsRefusedAndTheMapStays() throws Exception {
        twoGroups();
        try (RawClient ca = new RawClient(pa)) {
            String before = ca.call("RAFT.SHARDGROUP", "MAP");
            assertThat(call(ca, moving100(true)))
                    .isEqualTo("-ERR Unable to validate shard groups: shard group already importing this slot\r\n");
            assertThat(ca.call("RAFT.SHARDGROUP", "MAP")).isEqualTo(before);
            // The same move with one importer is accepted: the refusal was about the second one.
            assertThat(call(ca, moving100(false))).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void aMigrateToAGroupThatIsNotImportingIsRefusedAndTheKeysStayWritable() throws Exception {
        twoGroups();
        String k = keyIn(100, "k");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("SET", k, "v")).isEqualTo("+OK\r\n");
            // Only A believes slot 100 is moving to B; B's map says nothing of it.
            assertThat(call(ca, moving100(false))).isEqualTo("+OK\r\n");
            String bMap = cb.call("RAFT.SHARDGROUP", "MAP");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", k))
                    .isEqualTo("-ERR RAFT.IMPORT failed: ERR not an importing slot\r\n");
            // Nothing changed: the key is A's, with its value, unlocked; B holds nothing of it.
            assertThat(ca.call("GET", k)).isEqualTo("$1\r\nv\r\n");
            assertThat(ca.call("SET", k, "w")).isEqualTo("+OK\r\n");
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":1\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":0\r\n");
            assertThat(cb.call("RAFT.SHARDGROUP", "MAP")).isEqualTo(bMap);
        }
    }

    @Test
    void anImportFromAnOlderSourceTermIsRefusedAndChangesNothing() throws Exception {
        twoGroups();
        String k1 = keyIn(100, "k1");
        String k2 = keyIn(100, "k2");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("SET", k1, "v1")).isEqualTo("+OK\r\n");
            assertThat(call(cb, moving100(false))).isEqualTo("+OK\r\n");
            assertThat(call(ca, moving100(false))).isEqualTo("+OK\r\n");
            // A real import at term 5 (a leader of A's fifth term), then a batch claiming term 4.
            byte[] dump = bulk(ca.call(List.of("DUMP".getBytes(), k1.getBytes())));
            assertThat(text(cb.call(List.of("RAFT.IMPORT".getBytes(), "5".getBytes(), "42".getBytes(), k1.getBytes(), dump))))
                    .isEqualTo("+OK\r\n");
            assertThat(text(cb.call(List.of("RAFT.IMPORT".getBytes(), "4".getBytes(), "42".getBytes(), k2.getBytes(), dump))))
                    .isEqualTo("-ERR invalid term\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":1\r\n");
            cb.call("ASKING");
            assertThat(cb.call("EXISTS", k2)).isEqualTo(":0\r\n");
        }
    }
}
