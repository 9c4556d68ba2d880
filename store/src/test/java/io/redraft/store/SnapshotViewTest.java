package io.redraft.store;

import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The copy-on-write snapshot view: a writer thread serialising the view while the live store
 * keeps applying commands must produce exactly the keyspace as of the moment the view opened.
 */
class SnapshotViewTest {

    /** A random write (or read) of every value type, with TTLs, renames and deletes. */
    private static String[] command(SplittableRandom r) {
        String k = "k" + r.nextInt(40);
        String k2 = "k" + r.nextInt(40);
        String v = "v" + r.nextInt(1000);
        return switch (r.nextInt(22)) {
            case 0 -> new String[] {"SET", k, v};
            case 1 -> new String[] {"APPEND", k, v};
            case 2 -> new String[] {"INCR", "n" + r.nextInt(5)};
            case 3 -> new String[] {"HSET", "h" + k, "f" + r.nextInt(8), v};
            case 4 -> new String[] {"HDEL", "h" + k, "f" + r.nextInt(8)};
            case 5 -> new String[] {"RPUSH", "l" + k, v, v + "x"};
            case 6 -> new String[] {"LPOP", "l" + k};
            case 7 -> new String[] {"LSET", "l" + k, "0", v};
            case 8 -> new String[] {"SADD", "s" + k, v, "m" + r.nextInt(5)};
            case 9 -> new String[] {"SPOP", "s" + k};
            case 10 -> new String[] {"ZADD", "z" + k, Integer.toString(r.nextInt(100)), v};
            case 11 -> new String[] {"ZINCRBY", "z" + k, "1.5", "m" + r.nextInt(5)};
            case 12 -> new String[] {"ZREM", "z" + k, v};
            case 13 -> new String[] {"EXPIRE", k, Integer.toString(1 + r.nextInt(100))};
            case 14 -> new String[] {"PERSIST", k};
            case 15 -> new String[] {"DEL", k};
            case 16 -> new String[] {"RENAME", k, k2};
            case 17 -> new String[] {"SETRANGE", k, Integer.toString(r.nextInt(10)), v};
            case 18 -> new String[] {"SETBIT", "b" + k, Integer.toString(r.nextInt(64)), "1"};
            case 19 -> new String[] {"HINCRBY", "h" + k, "c", "3"};
            case 20 -> new String[] {"LMOVE", "l" + k, "l" + k2, "LEFT", "RIGHT"};
            default -> new String[] {"GET", k};
        };
    }

    private static void apply(List<TestClient> clients, String[] cmd, long seed) {
        for (TestClient c : clients) {
            c.seed = seed;
            c.run(cmd);
        }
    }

    private static byte[] rdb(Keyspace ks) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(ks, null, 0, out);
        return out.toByteArray();
    }

    private static String digestOf(byte[] rdb) throws Exception {
        RdbContents c = RdbReader.read(new ByteArrayInputStream(rdb), "snapshot");
        Store s = new Store();
        s.install(c.keyspace());
        return s.digest();
    }

    @Test
    void concurrentWritesDoNotChangeWhatTheSnapshotHolds() throws Exception {
        for (int iteration = 0; iteration < 60; iteration++) {
            SplittableRandom r = new SplittableRandom(iteration);
            TestClient live = new TestClient();
            TestClient atSnapshot = new TestClient(); // applies exactly the prefix
            TestClient everything = new TestClient(); // never snapshotted: the live result
            int prefix = 200 + r.nextInt(400);
            for (int i = 0; i < prefix; i++) {
                apply(List.of(live, atSnapshot, everything), command(r), r.nextLong());
            }
            Keyspace view = live.store.openSnapshotView();
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<byte[]> written = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                try {
                    return rdb(view);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 400; i++) { // overlaps the writer
                apply(List.of(live, everything), command(r), r.nextLong());
            }
            byte[] file = written.get(30, TimeUnit.SECONDS);
            String afterWriterDone = view.digest();
            live.store.releaseSnapshotView();
            for (int i = 0; i < 50; i++) {
                apply(List.of(live, everything), command(r), r.nextLong());
            }
            assertThat(digestOf(file)).as("iteration %d: snapshot content", iteration)
                    .isEqualTo(atSnapshot.store.digest());
            assertThat(afterWriterDone).isEqualTo(atSnapshot.store.digest());
            assertThat(live.store.digest()).as("iteration %d: live content", iteration)
                    .isEqualTo(everything.store.digest());
            assertThat(live.run("DBSIZE")).isEqualTo(everything.run("DBSIZE"));
        }
    }

    @Test
    void viewIsReadOnlyAndOnlyOneIsOpen() {
        Store s = new Store();
        new TestClient(s).run("SET", "a", "1");
        Keyspace view = s.openSnapshotView();
        assertThat(s.keyspace().hasOpenView()).isTrue();
        assertThatThrownBy(() -> view.put(Bytes.wrap("b".getBytes()), new io.redraft.store.string.StringValue("x".getBytes())))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::openSnapshotView).isInstanceOf(IllegalStateException.class);
        s.releaseSnapshotView();
        assertThat(s.keyspace().hasOpenView()).isFalse();
        s.openSnapshotView();
    }

    @Test
    void onlyTouchedTablesAndValuesAreCopied() {
        TestClient c = new TestClient();
        for (int i = 0; i < 1000; i++) {
            c.run("HSET", "h" + i, "f", "v");
        }
        Keyspace ks = c.store.keyspace();
        List<RedisObject> before = new ArrayList<>();
        ks.forEachEntry((k, v) -> before.add(v));
        Keyspace view = c.store.openSnapshotView();
        c.run("HSET", "h1", "f", "changed");
        c.run("HGET", "h2", "f");
        List<RedisObject> after = new ArrayList<>();
        ks.forEachEntry((k, v) -> after.add(v));
        long copied = 0;
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) != after.get(i)) copied++;
        }
        assertThat(copied).isEqualTo(1); // h1 only; a read copies nothing
        assertThat(new TestClient(new Store()).store.digest()).isNotEqualTo(view.digest());
        List<RedisObject> inView = new ArrayList<>();
        view.forEachEntry((k, v) -> inView.add(v));
        assertThat(inView).containsExactlyElementsOf(before);
    }
}
