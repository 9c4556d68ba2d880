package io.redraft.store;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCodecTest {

    private static void populate(TestClient c) {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2_000; i++) {
            String k = "k" + r.nextInt(200);
            switch (r.nextInt(6)) {
                case 0 -> c.run("SET", k, "v" + i, "PX", Integer.toString(1 + r.nextInt(100_000)));
                case 1 -> c.run("HSET", "h" + k, "f" + r.nextInt(300), "v");
                case 2 -> c.run("RPUSH", "l" + k, "e" + i);
                case 3 -> c.run("SADD", "s" + k, "m" + r.nextInt(50), Integer.toString(r.nextInt(9)));
                case 4 -> c.run("ZADD", "z" + k, Integer.toString(r.nextInt(10)), "m" + r.nextInt(300));
                default -> c.run("INCRBY", "n" + k, "3");
            }
        }
    }

    @Test
    void roundTripKeepsContentEncodingsAndRandomChoices() throws IOException {
        TestClient a = new TestClient();
        populate(a);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        a.store.writeSnapshot(buf);
        TestClient b = new TestClient();
        b.run("SET", "junk", "x");
        b.store.readSnapshot(new ByteArrayInputStream(buf.toByteArray()));
        assertThat(b.store.digest()).isEqualTo(a.store.digest());
        assertThat(b.run("DBSIZE")).isEqualTo(a.run("DBSIZE"));
        for (String cmd : new String[]{"hk1", "lk1", "sk1", "zk1"}) {
            assertThat(b.run("OBJECT", "ENCODING", cmd)).isEqualTo(a.run("OBJECT", "ENCODING", cmd));
        }
        // Same order inside collections: same replies and same random picks afterwards.
        for (int i = 0; i < 200; i++) {
            a.seed = b.seed = i;
            assertThat(b.run("SPOP", "sk" + i)).isEqualTo(a.run("SPOP", "sk" + i));
            assertThat(b.run("HGETALL", "hk" + i)).isEqualTo(a.run("HGETALL", "hk" + i));
            assertThat(b.run("RANDOMKEY")).isEqualTo(a.run("RANDOMKEY"));
        }
    }

    @Test
    void corruptionIsDetectedAndLeavesTheStoreUntouched() throws IOException {
        TestClient a = new TestClient();
        populate(a);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        a.store.writeSnapshot(buf);
        byte[] bytes = buf.toByteArray();
        bytes[bytes.length / 2] ^= 0x10;
        TestClient b = new TestClient();
        b.run("SET", "keep", "me");
        String before = b.store.digest();
        assertThatThrownBy(() -> b.store.readSnapshot(new ByteArrayInputStream(bytes))).isInstanceOf(Exception.class);
        assertThat(b.store.digest()).isEqualTo(before);
    }
}
