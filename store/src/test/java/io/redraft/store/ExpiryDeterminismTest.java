package io.redraft.store;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Expiry depends only on the context's clock; replicas that apply the same log agree. */
class ExpiryDeterminismTest {

    @Test
    void relativeTtlsAreAnchoredToContextNow() {
        TestClient c = new TestClient();
        c.now = 10_000;
        c.run("SET", "k", "v", "EX", "5");
        assertThat(c.value("PEXPIRETIME", "k")).isEqualTo("15000");
        c.run("PEXPIRE", "k", "100");
        assertThat(c.value("PEXPIRETIME", "k")).isEqualTo("10100");
        c.now = 10_099;
        assertThat(c.value("PTTL", "k")).isEqualTo("1");
        c.now = 10_100;
        assertThat(c.value("GET", "k")).isNull();
        assertThat(c.value("TTL", "k")).isEqualTo("-2");
    }

    @Test
    void readsNeverDeleteButWritesAndSweepsDo() {
        TestClient c = new TestClient();
        c.now = 1_000;
        c.run("SET", "a", "1", "PX", "10");
        c.run("SET", "b", "1", "PX", "10");
        c.run("SET", "c", "1");
        c.now = 2_000;
        assertThat(c.value("EXISTS", "a", "b", "c")).isEqualTo("1");
        assertThat(c.value("DBSIZE")).isEqualTo("3");
        assertThat(c.run("KEYS", "*")).isEqualTo("*1\r\n$1\r\nc\r\n");
        c.run("SET", "a", "2");
        assertThat(c.value("TTL", "a")).isEqualTo("-1");
        assertThat(c.value("DBSIZE")).isEqualTo("3");
        assertThat(c.run("EXPIRE-SWEEP", "0", "100")).isEqualTo("*2\r\n:0\r\n:1\r\n");
        assertThat(c.value("DBSIZE")).isEqualTo("2");
        assertThat(Store.commands().lookup("expire-sweep").has(CommandFlag.INTERNAL)).isTrue();
    }

    @Test
    void pastAbsoluteExpiryDeletesAtOnce() {
        TestClient c = new TestClient();
        c.now = 5_000;
        c.run("SET", "k", "v");
        assertThat(c.value("PEXPIREAT", "k", "4999")).isEqualTo("1");
        assertThat(c.value("DBSIZE")).isEqualTo("0");
    }

    @Test
    void twoReplicasApplyingTheSameLogEndIdentical() {
        TestClient a = new TestClient();
        TestClient b = new TestClient();
        SplittableRandom r = new SplittableRandom(99);
        String[] cmds = {"SET", "PEXPIRE", "SADD", "SPOP", "GET", "EXPIRE-SWEEP", "INCR", "RPUSH", "ZADD"};
        for (int i = 0; i < 5_000; i++) {
            long now = 1_000_000 + i * 7L;
            long seed = r.nextLong();
            String k = "k" + r.nextInt(20);
            String cmd = cmds[r.nextInt(cmds.length)];
            String[] argv = switch (cmd) {
                case "SET" -> new String[]{"SET", k, "v" + i};
                case "PEXPIRE" -> new String[]{"PEXPIRE", k, Integer.toString(r.nextInt(200))};
                case "SADD" -> new String[]{"SADD", k, "m" + r.nextInt(10), "m" + r.nextInt(10)};
                case "SPOP" -> new String[]{"SPOP", k};
                case "EXPIRE-SWEEP" -> new String[]{"EXPIRE-SWEEP", "0", "3"};
                case "INCR" -> new String[]{"INCR", k};
                case "RPUSH" -> new String[]{"RPUSH", k, "x"};
                case "ZADD" -> new String[]{"ZADD", k, Integer.toString(r.nextInt(5)), "m"};
                default -> new String[]{"GET", k};
            };
            for (TestClient t : new TestClient[]{a, b}) {
                t.now = now;
                t.seed = seed;
            }
            assertThat(b.run(argv)).isEqualTo(a.run(argv));
        }
        assertThat(a.store.digest()).isEqualTo(b.store.digest());
        assertThat(a.store.digest()).isNotEqualTo("0".repeat(40));
    }

    @Test
    void volatileCountsFollowEveryPath() {
        TestClient c = new TestClient();
        c.now = 1_000;
        c.run("SET", "a", "1", "EX", "100");
        c.run("SET", "b", "1");
        c.run("EXPIRE", "b", "100");
        c.run("COPY", "a", "c");
        c.run("RENAME", "b", "d");
        c.run("PERSIST", "c");
        c.run("GETEX", "a", "PERSIST");
        c.run("SET", "d", "x", "KEEPTTL");
        assertThat(c.store.keyspace().volatileKeys()).isEqualTo(1);
        c.now = 1_000 + 100_000;
        assertThat(c.run("EXPIRE-SWEEP", "0", "10")).isEqualTo("*2\r\n:0\r\n:1\r\n");
        assertThat(c.store.keyspace().volatileKeys()).isZero();
        assertThat(c.run("KEYS", "*")).contains("a").contains("c").doesNotContain("d");
    }
}
