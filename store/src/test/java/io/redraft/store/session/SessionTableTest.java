package io.redraft.store.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.store.session.SessionTable.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionTableTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A counter applied only when the table says so, as the server's apply path does. */
    private static final class Counter {
        long value;

        byte[] incr(SessionTable t, long id, long seq, long ackBelow) {
            Outcome o = t.check(id, seq, ackBelow, 1000);
            return switch (o) {
                case Outcome.Fresh f -> {
                    byte[] reply = b(":" + ++value + "\r\n");
                    t.remember(id, seq, reply);
                    yield reply;
                }
                case Outcome.Remembered r -> r.reply();
                case Outcome.Refused r -> b("-" + r.error() + "\r\n");
            };
        }
    }

    @Test
    void retryReturnsTheFirstReplyAndDoesNotApplyAgain() {
        SessionTable t = new SessionTable();
        long id = t.register(1);
        Counter c = new Counter();
        assertThat(c.incr(t, id, 1, 1)).isEqualTo(b(":1\r\n"));
        assertThat(c.incr(t, id, 2, 1)).isEqualTo(b(":2\r\n"));
        // The client lost the reply to 2 and retries it on a new connection that starts at 2.
        assertThat(c.incr(t, id, 2, 2)).isEqualTo(b(":2\r\n"));
        assertThat(c.value).isEqualTo(2);
        assertThat(c.incr(t, id, 3, 2)).isEqualTo(b(":3\r\n"));
        assertThat(c.value).isEqualTo(3);
    }

    @Test
    void acknowledgedRepliesAreForgottenAndTheirNumbersRefused() {
        SessionTable t = new SessionTable();
        long id = t.register(1);
        Counter c = new Counter();
        for (long seq = 1; seq <= 5; seq++) c.incr(t, id, seq, 1);
        assertThat(t.remembered(id)).containsExactly(1L, 2L, 3L, 4L, 5L);
        c.incr(t, id, 6, 4); // a connection that began at 4: replies below 4 were received
        assertThat(t.remembered(id)).containsExactly(4L, 5L, 6L);
        assertThat(c.incr(t, id, 2, 1)).isEqualTo(b("-ERR session sequence too old\r\n"));
        assertThat(c.incr(t, id, 5, 1)).isEqualTo(b(":5\r\n"));
        assertThat(c.value).isEqualTo(6);
    }

    @Test
    void theWindowIsBoundedAndNeverReappliesWhatItDropped() {
        SessionTable t = new SessionTable(10, 3);
        long id = t.register(1);
        Counter c = new Counter();
        for (long seq = 1; seq <= 5; seq++) c.incr(t, id, seq, 1);
        assertThat(t.remembered(id)).containsExactly(3L, 4L, 5L);
        assertThat(c.incr(t, id, 1, 1)).isEqualTo(b("-ERR session sequence too old\r\n"));
        assertThat(c.incr(t, id, 2, 1)).isEqualTo(b("-ERR session sequence too old\r\n"));
        assertThat(c.value).isEqualTo(5);
    }

    @Test
    void aHoleBelowTheHighestNumberMayStillBeApplied() {
        // Pipelined write 2 was lost with a deposed leader's entry; 3 made it in another entry.
        SessionTable t = new SessionTable();
        long id = t.register(1);
        Counter c = new Counter();
        c.incr(t, id, 1, 1);
        c.incr(t, id, 3, 1);
        assertThat(c.incr(t, id, 2, 2)).isEqualTo(b(":3\r\n"));
        assertThat(c.incr(t, id, 3, 2)).isEqualTo(b(":2\r\n"));
        assertThat(c.value).isEqualTo(3);
    }

    @Test
    void evictionIsLeastRecentlyUsedAndAnEvictedSessionIsExpiredNotNew() {
        SessionTable t = new SessionTable(2, 8);
        long a = t.register(1);
        long b = t.register(2);
        Counter c = new Counter();
        c.incr(t, a, 1, 1); // a is now more recently used than b
        long d = t.register(3);
        assertThat(t.contains(a)).isTrue();
        assertThat(t.contains(b)).isFalse();
        assertThat(t.contains(d)).isTrue();
        assertThat(c.incr(t, b, 1, 1)).isEqualTo(b("-ERR session expired\r\n"));
        assertThat(c.incr(t, 99, 1, 1)).isEqualTo(b("-ERR unknown session\r\n"));
        assertThat(c.incr(t, 0, 1, 1)).isEqualTo(b("-ERR unknown session\r\n"));
        assertThat(c.value).isEqualTo(1);
    }

    @Test
    void replicasApplyingTheSameOperationsEndIdentical() {
        List<SessionTable> replicas = List.of(new SessionTable(5, 4), new SessionTable(5, 4));
        for (SessionTable t : replicas) {
            Random rnd = new Random(42); // the same log on both
            Counter c = new Counter();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                if (ids.isEmpty() || rnd.nextInt(20) == 0) ids.add(t.register(i));
                else c.incr(t, ids.get(rnd.nextInt(ids.size())), 1 + rnd.nextInt(30), 1 + rnd.nextInt(10));
            }
        }
        assertThat(replicas.get(0).encode()).isEqualTo(replicas.get(1).encode());
        assertThat(replicas.get(0).size()).isEqualTo(5);
    }

    @Test
    void snapshotRoundTripKeepsRepliesFloorsCounterAndEvictionOrder() {
        SessionTable t = new SessionTable(3, 4);
        long a = t.register(1);
        long b = t.register(2);
        long d = t.register(3);
        Counter c = new Counter();
        for (long seq = 1; seq <= 6; seq++) c.incr(t, b, seq, 1);
        c.incr(t, a, 1, 1);
        SessionTable copy = SessionTable.decode(t.encode(), 3, 4);
        assertThat(copy.encode()).isEqualTo(t.encode());
        assertThat(copy.nextId()).isEqualTo(4);
        assertThat(copy.remembered(b)).containsExactly(3L, 4L, 5L, 6L);
        Counter c2 = new Counter();
        c2.value = c.value;
        assertThat(c2.incr(copy, b, 5, 1)).isEqualTo(b(":5\r\n"));
        assertThat(c2.incr(copy, b, 2, 1)).isEqualTo(b("-ERR session sequence too old\r\n"));
        t.check(b, 5, 1, 1000); // the same uses on the original
        t.check(b, 2, 1, 1000);
        // d is the least recently used in both, so both evict it next.
        copy.register(4);
        t.register(4);
        assertThat(copy.contains(d)).isFalse();
        assertThat(t.contains(d)).isFalse();
        assertThat(copy.encode()).isEqualTo(t.encode());
    }

    @Test
    void anUnusedTableEncodesEmptyAndCorruptDataIsRejected() {
        assertThat(new SessionTable().encode()).isEmpty();
        assertThat(SessionTable.decode(new byte[0]).size()).isZero();
        SessionTable t = new SessionTable();
        t.register(1);
        byte[] data = t.encode();
        assertThatThrownBy(() -> SessionTable.decode(java.util.Arrays.copyOf(data, data.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        data[0] = 9;
        assertThatThrownBy(() -> SessionTable.decode(data)).isInstanceOf(IllegalArgumentException.class);
    }
}
