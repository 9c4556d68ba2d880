package io.redraft.server;

import static io.redraft.server.ShardKeys.keyIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A key bigger than one migration batch (issue #16) crosses in parts, one log entry each at the
 * target, and appears there whole with the last part; a MIGRATE cut off after the first part leaves
 * nothing visible at the target and the source's copy whole, and running it again moves the key.
 * The batch limit is lowered with {@code raft.migration-batch-size} so that a few MB make many parts.
 */
class BigKeyMigrationTest extends TwoShardGroupsFixture {
    private static final int MEMBERS = Integer.getInteger("redraft.bigkey.members", 40_000);
    /** Slot 100 moving from A to B under session 42 (keys written before: new keys of a moving slot go to B). */
    private void markSlot100() throws Exception {
        markSlot100Moving(idA, pa, idB, pb);
    }

    /** A sorted set of {@link #MEMBERS} 64-byte members, written in pipelined ZADDs. */
    private static void fill(RawClient c, String key) throws Exception {
        int per = 1000;
        for (int at = 0; at < MEMBERS; at += per) {
            List<byte[]> argv = new ArrayList<>(List.of("ZADD".getBytes(), key.getBytes()));
            for (int i = at; i < Math.min(MEMBERS, at + per); i++) {
                argv.add(Integer.toString(i).getBytes());
                argv.add(String.format("member-%057d", i).getBytes(StandardCharsets.US_ASCII));
            }
            c.queue(argv);
        }
        for (int at = 0; at < MEMBERS; at += per) assertThat(c.readReply()).startsWith(":");
    }

    private static long index(RawClient c) throws Exception {
        return Long.parseLong(field(c.call("INFO", "raft"), "raft_current_index"));
    }

    @Test
    void aKeyBiggerThanABatchMovesInPartsAndAppearsWhole() throws Exception {
        twoGroups();
        String big = keyIn(100, "big");
        String small = keyIn(100, "small");
        try (RawClient ca = new RawClient(pa, 60_000); RawClient cb = new RawClient(pb, 60_000)) {
            fill(ca, big);
            assertThat(ca.call("SET", small, "s", "PX", "600000")).isEqualTo("+OK\r\n");
            markSlot100();
            String whole = ca.call("ZRANGE", big, "0", "-1", "WITHSCORES");
            long dumpBytes = ca.call(List.of("DUMP".getBytes(), big.getBytes())).length;
            assertThat(dumpBytes).isGreaterThan(1_000_000);
            assertThat(ca.call("CONFIG", "SET", "raft.migration-batch-size", "131072")).isEqualTo("+OK\r\n");

            // Cut off after the first part: the target shows nothing, the source still has it all.
            assertThat(ca.call("CONFIG", "SET", "raft.migration-debug", "fail-part")).isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", big, small))
                    .isEqualTo("-ERR connection dropped importing keys into remote cluster, try again\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":0\r\n");
            cb.call("ASKING");
            assertThat(cb.call("EXISTS", big)).isEqualTo(":0\r\n");
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":2\r\n");
            assertThat(ca.call("ZADD", big, "1", "x")).isEqualTo("-TRYAGAIN\r\n"); // locked: its history cannot split

            // Run again: every part, then the key whole at B and gone from A.
            assertThat(ca.call("CONFIG", "SET", "raft.migration-debug", "none")).isEqualTo("+OK\r\n");
            long before = index(cb);
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(pb), "", "0", "5000", "KEYS", big, small))
                    .isEqualTo("+OK\r\n");
            assertThat(index(cb) - before).as("log entries at B: one per part and one for the small key")
                    .isGreaterThanOrEqualTo(dumpBytes / 131072 + 1);
            assertThat(ca.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":0\r\n");
            assertThat(cb.call("CLUSTER", "COUNTKEYSINSLOT", "100")).isEqualTo(":2\r\n");
            cb.call("ASKING");
            assertThat(cb.call("ZCARD", big)).isEqualTo(":" + MEMBERS + "\r\n");
            cb.call("ASKING");
            assertThat(cb.call("ZRANGE", big, "0", "-1", "WITHSCORES")).isEqualTo(whole);
            cb.call("ASKING");
            assertThat(Long.parseLong(cb.call("PTTL", small).trim().substring(1))).isBetween(1L, 600000L);
        }
    }

    @Test
    void partsAreAppliedInOrderOnlyAndTheKeyIsInvisibleUntilTheLast() throws Exception {
        twoGroups();
        String k = keyIn(100, "k");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("SET", k, "a value long enough to split")).isEqualTo("+OK\r\n");
            markSlot100();
            byte[] raw = ca.call(List.of("DUMP".getBytes(), k.getBytes()));
            String head = new String(raw, StandardCharsets.ISO_8859_1);
            byte[] dump = java.util.Arrays.copyOfRange(raw, head.indexOf("\r\n") + 2, raw.length - 2);
            int half = dump.length / 2;
            String total = Integer.toString(dump.length);
            assertThat(part(cb, k, java.util.Arrays.copyOfRange(dump, 0, half), "0", total)).isEqualTo("+OK\r\n");
            cb.call("ASKING");
            assertThat(cb.call("EXISTS", k)).isEqualTo(":0\r\n");
            // A part that does not continue where the gathered bytes end is refused.
            assertThat(part(cb, k, java.util.Arrays.copyOfRange(dump, half + 1, dump.length), Integer.toString(half + 1), total))
                    .isEqualTo("-ERR import part out of order, restart the key\r\n");
            assertThat(part(cb, k, new byte[dump.length], "0", "3")).isEqualTo("-ERR invalid import part offset or length\r\n");
            assertThat(part(cb, k, java.util.Arrays.copyOfRange(dump, half, dump.length), Integer.toString(half), total))
                    .isEqualTo("+OK\r\n");
            cb.call("ASKING");
            assertThat(cb.call("GET", k)).isEqualTo("$28\r\na value long enough to split\r\n");
        }
    }

    private static String part(RawClient c, String key, byte[] bytes, String offset, String total) throws Exception {
        byte[] r = c.call(List.of("RAFT.IMPORT".getBytes(), "1".getBytes(), "42".getBytes(), key.getBytes(), bytes,
                "redraft-ttl".getBytes(), "0".getBytes(), "redraft-part".getBytes(), offset.getBytes(), total.getBytes()));
        return new String(r, StandardCharsets.ISO_8859_1);
    }
}
