package io.redraft.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** SCAN, KEYS and RANDOMKEY depend on contents only, never on history. */
class KeyspaceOrderTest {

    private static List<String> scanAll(TestClient c, String count) {
        List<String> out = new ArrayList<>();
        String cursor = "0";
        do {
            String r = c.run("SCAN", cursor, "COUNT", count);
            String[] parts = r.split("\r\n");
            cursor = parts[2];
            for (int i = 5; i < parts.length; i += 2) {
                out.add(parts[i]);
            }
        } while (!cursor.equals("0"));
        return out;
    }

    @Test
    void scanOrderIsIndependentOfInsertionOrder() {
        TestClient a = new TestClient();
        TestClient b = new TestClient();
        for (int i = 0; i < 500; i++) {
            a.run("SET", "key:" + i, "v");
            b.run("SET", "key:" + (499 - i), "v");
            b.run("SET", "tmp:" + i, "v");
        }
        for (int i = 0; i < 500; i++) {
            b.run("DEL", "tmp:" + i);
        }
        List<String> sa = scanAll(a, "7");
        assertThat(sa).hasSize(500).doesNotHaveDuplicates();
        assertThat(scanAll(b, "7")).isEqualTo(sa);
        assertThat(b.run("KEYS", "*")).isEqualTo(a.run("KEYS", "*"));
        assertThat(b.run("RANDOMKEY")).isEqualTo(a.run("RANDOMKEY"));
        assertThat(a.store.digest()).isEqualTo(b.store.digest());
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutDespiteConcurrentChanges() {
        TestClient c = new TestClient();
        for (int i = 0; i < 300; i++) {
            c.run("SET", "stay:" + i, "v");
        }
        SplittableRandom r = new SplittableRandom(3);
        TreeSet<String> seen = new TreeSet<>();
        String cursor = "0";
        do {
            String[] parts = c.run("SCAN", cursor, "COUNT", "5").split("\r\n");
            cursor = parts[2];
            for (int i = 5; i < parts.length; i += 2) {
                seen.add(parts[i]);
            }
            c.run("SET", "churn:" + r.nextInt(1000), "v");
            c.run("DEL", "churn:" + r.nextInt(1000));
        } while (!cursor.equals("0"));
        for (int i = 0; i < 300; i++) {
            assertThat(seen).contains("stay:" + i);
        }
    }

    @Test
    void hashSlotsFollowRedisCluster() {
        assertThat(HashSlot.of("foo".getBytes())).isEqualTo(12182);
        assertThat(HashSlot.of("{user1000}.following".getBytes()))
                .isEqualTo(HashSlot.of("{user1000}.followers".getBytes()));
        assertThat(HashSlot.of("foo{}{bar}".getBytes())).isEqualTo(HashSlot.of("foo{}{bar}".getBytes()));
        assertThat(HashSlot.of("123456789".getBytes())).isEqualTo(0x31C3 & 16383);
    }
}
