package io.redraft.store.notify;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.Bytes;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key-ready signals (Redis's signalKeyAsReady) for the blocking commands: a write that creates a
 * list or sorted set, or adds elements to one, reports the key; nothing else does. And the
 * events themselves are a function of the log: a replica restored from a snapshot mid-way emits
 * the same events as one that applied everything.
 */
class KeyReadyTest {
    private final Store store = new Store();
    private final List<String> ready = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final KeyspaceListener listener = new KeyspaceListener() {
        @Override
        public void event(int type, String event, Bytes key) {
            events.add(event + " " + key);
        }

        @Override
        public void keyReady(Bytes key) {
            ready.add(key.toString());
        }
    };

    private String run(ExecContext ctx, Store s, String... args) {
        List<byte[]> argv = Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.ISO_8859_1)).toList();
        ByteArrayOutput out = new ByteArrayOutput();
        s.execute(argv, ctx, new RespWriter(out, 2));
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    /** The distinct keys the command signalled as ready, in order. */
    private Set<String> readyAfter(String... args) {
        ready.clear();
        run(new ExecContext(1000, 1, 2, listener), store, args);
        return new LinkedHashSet<>(ready);
    }

    @Test
    void listsAndSortedSetsThatGainElementsAreReady() {
        assertThat(readyAfter("LPUSH", "l", "a")).containsExactly("l");
        assertThat(readyAfter("RPUSH", "l", "b")).containsExactly("l");
        assertThat(readyAfter("LINSERT", "l", "AFTER", "a", "c")).containsExactly("l");
        assertThat(readyAfter("RPUSHX", "l", "d")).containsExactly("l");
        assertThat(readyAfter("LMOVE", "l", "l2", "LEFT", "RIGHT")).containsExactly("l2");
        assertThat(readyAfter("RPOPLPUSH", "l", "l3")).containsExactly("l3");
        assertThat(readyAfter("ZADD", "z", "1", "a")).containsExactly("z");
        assertThat(readyAfter("ZINCRBY", "z", "1", "b")).containsExactly("z");
        assertThat(readyAfter("GEOADD", "g", "13.36", "38.11", "p")).containsExactly("g");
        assertThat(readyAfter("ZUNIONSTORE", "z2", "1", "z")).containsExactly("z2");
        assertThat(readyAfter("ZRANGESTORE", "z3", "z", "0", "-1")).containsExactly("z3");
        assertThat(readyAfter("RENAME", "z3", "z4")).containsExactly("z4");
        assertThat(readyAfter("COPY", "l", "l4")).containsExactly("l4");
        assertThat(readyAfter("SORT", "l4", "ALPHA", "STORE", "l5")).containsExactly("l5");
    }

    @Test
    void otherWritesAreNotReady() {
        run(new ExecContext(1000, 1, 2), store, "RPUSH", "l", "a", "b");
        run(new ExecContext(1000, 1, 2), store, "ZADD", "z", "1", "a");
        assertThat(readyAfter("LPUSHX", "nosuch", "a")).isEmpty();
        assertThat(readyAfter("ZADD", "z", "1", "a")).isEmpty(); // no change
        assertThat(readyAfter("ZADD", "z", "XX", "1", "new")).isEmpty();
        assertThat(readyAfter("LPOP", "l")).isEmpty();
        assertThat(readyAfter("ZPOPMIN", "z")).isEmpty();
        assertThat(readyAfter("SADD", "s", "a")).isEmpty();
        assertThat(readyAfter("HSET", "h", "f", "v")).isEmpty();
        assertThat(readyAfter("SET", "k", "v")).isEmpty();
        assertThat(readyAfter("LPUSH", "k", "v")).isEmpty(); // WRONGTYPE
        assertThat(readyAfter("LRANGE", "l", "0", "-1")).isEmpty();
    }

    @Test
    void readyFollowsTheEventsOfTheSameWrite() {
        events.clear();
        readyAfter("RPUSH", "q", "job");
        assertThat(events).containsExactly("new q", "rpush q");
    }

    @Test
    void withoutAListenerNothingIsReported() {
        run(new ExecContext(1000, 1, 2), store, "LPUSH", "l", "a");
        assertThat(ready).isEmpty();
        assertThat(events).isEmpty();
        assertThat(run(new ExecContext(1000, 1, 2), store, "LLEN", "l")).isEqualTo(":1\r\n");
    }

    @Test
    void aReplicaRestoredFromASnapshotEmitsTheSameEvents() throws Exception {
        Store a = new Store();
        List<String> aEvents = new ArrayList<>();
        List<String> bEvents = new ArrayList<>();
        KeyspaceListener la = (type, event, key) -> aEvents.add(event + " " + key);
        KeyspaceListener lb = (type, event, key) -> bEvents.add(event + " " + key);
        SplittableRandom rnd = new SplittableRandom(42);
        List<String[]> log = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String k = "k" + rnd.nextInt(40);
            log.add(switch (rnd.nextInt(9)) {
                case 0 -> new String[]{"SET", k, "v", "PX", Integer.toString(1 + rnd.nextInt(50))};
                case 1 -> new String[]{"RPUSH", k, "x"};
                case 2 -> new String[]{"LPOP", k};
                case 3 -> new String[]{"ZADD", k, Integer.toString(rnd.nextInt(5)), "m" + rnd.nextInt(3)};
                case 4 -> new String[]{"PEXPIRE", k, Integer.toString(1 + rnd.nextInt(50))};
                case 5 -> new String[]{"DEL", k};
                case 6 -> new String[]{"HSET", k, "f" + rnd.nextInt(3), "v"};
                case 7 -> new String[]{"expire-sweep", "0", "5"};
                default -> new String[]{"GET", k};
            });
        }
        Store b = null;
        for (int i = 0; i < log.size(); i++) {
            long now = 1_000_000 + i; // one ms per entry: keys expire along the way
            if (i == log.size() / 2) { // b joins from a's snapshot
                ByteArrayOutputStream snap = new ByteArrayOutputStream();
                a.writeSnapshot(snap);
                b = new Store();
                b.readSnapshot(new java.io.ByteArrayInputStream(snap.toByteArray()));
                aEvents.clear();
            }
            run(new ExecContext(now, i, 2, la), a, log.get(i));
            if (b != null) {
                run(new ExecContext(now, i, 2, lb), b, log.get(i));
            }
        }
        assertThat(bEvents).hasSizeGreaterThan(1000).isEqualTo(aEvents);
        assertThat(bEvents).contains("expired k1").anyMatch(e -> e.startsWith("keymiss "));
    }
}
