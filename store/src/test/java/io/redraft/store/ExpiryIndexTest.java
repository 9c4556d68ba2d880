package io.redraft.store;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The expiry index behind EXPIRE-SWEEP: it holds exactly the volatile keys through every path
 * that sets, moves, clears or drops an expiry, and a sweep deletes the earliest-expiring keys
 * first, whatever their slots, up to its limit.
 */
class ExpiryIndexTest {
    @Test
    void indexFollowsEveryExpiryPath() throws Exception {
        TestClient c = new TestClient();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            c.now += r.nextInt(50);
            String k = "k" + r.nextInt(30);
            String k2 = "k" + r.nextInt(30);
            String ttl = Integer.toString(1 + r.nextInt(3_000));
            String[] argv = switch (r.nextInt(16)) {
                case 0 -> new String[]{"SET", k, "v", "PX", ttl};
                case 1 -> new String[]{"PEXPIRE", k, ttl};
                case 2 -> new String[]{"PERSIST", k};
                case 3 -> new String[]{"RENAME", k, k2};
                case 4 -> new String[]{"COPY", k, k2, "REPLACE"};
                case 5 -> new String[]{"DEL", k};
                case 6 -> new String[]{"GETEX", k, r.nextBoolean() ? "PERSIST" : "PX", ttl};
                case 7 -> new String[]{"SET", k, "x", "KEEPTTL"};
                case 8 -> new String[]{"INCR", k};
                case 9 -> new String[]{"SADD", k, "m"};
                case 10 -> new String[]{"EXPIRE-SWEEP", "0", "2"};
                case 11 -> new String[]{"SET", k, "plain"};
                case 12 -> new String[]{"APPEND", k, "z"};
                case 13 -> new String[]{"PEXPIREAT", k, Long.toString(c.now - 5)};
                case 14 -> new String[]{r.nextInt(50) == 0 ? "FLUSHALL" : "GET", k};
                default -> new String[]{"SETEX", k, "1", "v"};
            };
            c.run(argv);
            Keyspace ks = c.store.keyspace();
            assertThat(ks.indexedExpiries()).as("step %d %s", i, String.join(" ", argv)).isEqualTo(ks.volatileKeys());
            if (i % 5_000 == 4_999) { // a snapshot round trip rebuilds the same index
                ByteArrayOutputStream snap = new ByteArrayOutputStream();
                c.store.writeSnapshot(snap);
                c.store.readSnapshot(new ByteArrayInputStream(snap.toByteArray()));
                assertThat(c.store.keyspace().indexedExpiries()).isEqualTo(c.store.keyspace().volatileKeys());
            }
        }
        c.now += 10_000;
        long volatileKeys = c.store.keyspace().volatileKeys();
        assertThat(c.run("EXPIRE-SWEEP", "0", "1000000")).isEqualTo("*2\r\n:0\r\n:" + volatileKeys + "\r\n");
        assertThat(c.store.keyspace().volatileKeys()).isZero();
    }

    @Test
    void sweepTakesEarliestExpiriesFirstAcrossSlots() {
        TestClient c = new TestClient();
        c.now = 1_000_000;
        for (int i = 0; i < 1_000; i++) {
            c.run("SET", "plain" + i, "v"); // never looked at by the sweep
        }
        for (int i = 0; i < 10; i++) {
            c.run("SET", "t" + i, "v", "PX", Integer.toString(100 + 10 * (9 - i))); // t9 expires first
        }
        c.run("SET", "later", "v", "PX", "100000");
        c.now += 1_000;
        Keyspace ks = c.store.keyspace();
        List<String> deleted = new ArrayList<>();
        assertThat(ks.sweepExpired(c.now, 0, 4, k -> deleted.add(k.toString()))).isEqualTo(1);
        assertThat(deleted).containsExactly("t9", "t8", "t7", "t6");
        assertThat(c.run("EXPIRE-SWEEP", "0", "100")).isEqualTo("*2\r\n:0\r\n:6\r\n");
        assertThat(c.run("EXPIRE-SWEEP", "0", "100")).isEqualTo("*2\r\n:0\r\n:0\r\n");
        TreeSet<String> left = new TreeSet<>();
        ks.forEachLive(Long.MIN_VALUE, k -> left.add(k.toString()));
        assertThat(left).hasSize(1_001).contains("later");
    }
}
