package io.redraft.testkit.elle;

import static io.redraft.testkit.elle.MicroOp.append;
import static io.redraft.testkit.elle.MicroOp.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListAppendCheckerTest {
    /** Builds a history; times are given explicitly so that real-time order is the test's choice. */
    private static final class H {
        final List<Txn> txns = new ArrayList<>();

        H ok(long invoked, long completed, MicroOp... ops) {
            return add(Txn.Outcome.OK, invoked, completed, ops);
        }

        H fail(long invoked, long completed, MicroOp... ops) {
            return add(Txn.Outcome.FAIL, invoked, completed, ops);
        }

        H info(long invoked, MicroOp... ops) {
            return add(Txn.Outcome.INFO, invoked, Txn.NEVER, ops);
        }

        private H add(Txn.Outcome o, long invoked, long completed, MicroOp... ops) {
            txns.add(new Txn(txns.size(), txns.size() % 4, List.of(ops), o, invoked, completed));
            return this;
        }

        ElleResult check() {
            return ListAppendChecker.check(txns);
        }
    }

    private static List<Long> l(long... vs) {
        List<Long> r = new ArrayList<>();
        for (long v : vs) r.add(v);
        return r;
    }

    @Test
    void sequentialHistoryIsValid() {
        ElleResult r = new H()
                .ok(0, 1, append("x", 1), read("x", l(1)))
                .ok(2, 3, append("x", 2), append("y", 10))
                .ok(4, 5, read("x", l(1, 2)), read("y", l(10)))
                .ok(6, 7, read("z", l()))
                .check();
        assertThat(r.anomalies()).isEmpty();
        assertThat(r.valid()).isTrue();
    }

    @Test
    void concurrentTransactionsMayBeOrderedEitherWay() {
        // T1 and T2 overlap; the reads show T2's append before T1's: legal.
        ElleResult r = new H()
                .ok(0, 10, append("x", 1))
                .ok(1, 9, append("x", 2))
                .ok(11, 12, read("x", l(2, 1)))
                .check();
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void indeterminateAppendMayOrMayNotHaveHappened() {
        ElleResult seen = new H()
                .info(0, append("x", 1))
                .ok(5, 6, read("x", l(1)))
                .check();
        ElleResult unseen = new H()
                .info(0, append("x", 1))
                .ok(5, 6, read("x", l()))
                .check();
        assertThat(seen.anomalies()).isEmpty();
        assertThat(unseen.anomalies()).isEmpty();
    }

    @Test
    void lostAcknowledgedAppend() {
        ElleResult r = new H()
                .ok(0, 1, append("x", 1))
                .ok(2, 3, append("x", 2))
                .ok(4, 5, read("x", l(2)))
                .check();
        assertThat(r.has("lost-append")).as(r.toString()).isTrue();
        assertThat(r.anomalies().get(0).explanation()).contains("T0").contains("T2");
    }

    @Test
    void staleRead() {
        ElleResult r = new H()
                .ok(0, 1, append("x", 1))
                .ok(2, 3, read("x", l(1)))
                .ok(4, 5, append("x", 2))
                .ok(6, 7, read("x", l(1)))
                .ok(8, 9, read("x", l(1, 2)))
                .check();
        assertThat(r.has("stale-read")).as(r.toString()).isTrue();
        // The stale read also closes a real-time cycle: T3 -rw-> T2 -realtime-> T3.
        assertThat(r.has("G-single-realtime")).as(r.toString()).isTrue();
    }

    @Test
    void duplicateElement() {
        ElleResult r = new H()
                .ok(0, 1, append("x", 1))
                .ok(2, 3, read("x", l(1, 1)))
                .check();
        assertThat(r.has("duplicate")).as(r.toString()).isTrue();
    }

    @Test
    void abortedRead() {
        ElleResult r = new H()
                .fail(0, 1, append("x", 1))
                .ok(2, 3, read("x", l(1)))
                .check();
        assertThat(r.has("aborted-read")).as(r.toString()).isTrue();
    }

    @Test
    void intermediateRead() {
        ElleResult r = new H()
                .ok(0, 10, append("x", 1), append("x", 2))
                .ok(0, 10, read("x", l(1)))
                .ok(11, 12, read("x", l(1, 2)))
                .check();
        assertThat(r.has("G1b")).as(r.toString()).isTrue();
    }

    @Test
    void garbageRead() {
        ElleResult r = new H()
                .ok(0, 1, append("x", 1))
                .ok(2, 3, read("x", l(1, 99)))
                .check();
        assertThat(r.has("garbage-read")).as(r.toString()).isTrue();
    }

    @Test
    void internalInconsistency() {
        ElleResult r = new H()
                .ok(0, 1, append("x", 1), read("x", l()))
                .check();
        assertThat(r.has("internal")).as(r.toString()).isTrue();
    }

    @Test
    void incompatibleOrders() {
        ElleResult r = new H()
                .ok(0, 10, append("x", 1))
                .ok(0, 10, append("x", 2))
                .ok(11, 12, read("x", l(1, 2)))
                .ok(11, 12, read("x", l(2, 1)))
                .check();
        assertThat(r.has("incompatible-order")).as(r.toString()).isTrue();
    }

    @Test
    void g0WriteCycle() {
        // T0 appends before T1 on x, after T1 on y: a write cycle.
        ElleResult r = new H()
                .ok(0, 10, append("x", 1), append("y", 2))
                .ok(0, 10, append("x", 3), append("y", 4))
                .ok(11, 12, read("x", l(1, 3)), read("y", l(4, 2)))
                .check();
        assertThat(r.has("G0")).as(r.toString()).isTrue();
    }

    @Test
    void g1cCircularInformationFlow() {
        // T0 reads T1's append to y and T1 reads T0's append to x: each saw the other.
        ElleResult r = new H()
                .ok(0, 10, append("x", 1), read("y", l(2)))
                .ok(0, 10, append("y", 2), read("x", l(1)))
                .check();
        assertThat(r.has("G1c")).as(r.toString()).isTrue();
        Anomaly a = r.anomalies().stream().filter(x -> x.type().equals("G1c")).findFirst().orElseThrow();
        assertThat(a.txns()).containsExactlyInAnyOrder(0, 1);
        assertThat(a.explanation()).contains("-wr->");
    }

    @Test
    void g2WriteSkew() {
        // Each reads the other's key empty, then appends to its own: neither saw the other (two rw edges).
        ElleResult r = new H()
                .ok(0, 10, read("x", l()), append("y", 1))
                .ok(0, 10, read("y", l()), append("x", 2))
                .ok(11, 12, read("x", l(2)), read("y", l(1)))
                .check();
        assertThat(r.has("G2")).as(r.toString()).isTrue();
    }

    @Test
    void gSingleReadSkew() {
        // T2 sees T1's append to y but not T0's earlier append to x, though T1 read x after T0.
        ElleResult r = new H()
                .ok(0, 10, append("x", 1))
                .ok(0, 10, read("x", l(1)), append("y", 2))
                .ok(0, 10, read("x", l()), read("y", l(2)))
                .ok(11, 12, read("x", l(1)), read("y", l(2)))
                .check();
        assertThat(r.has("G-single")).as(r.toString()).isTrue();
    }

    @Test
    void realTimeViolationWithoutStaleRead() {
        // T1 appends 2 after T0 (by version order) though T1 completed before T0 began.
        ElleResult r = new H()
                .ok(0, 1, append("x", 2))
                .ok(5, 6, append("x", 1))
                .ok(7, 8, read("x", l(1, 2)))
                .check();
        assertThat(r.has("G0-realtime")).as(r.toString()).isTrue();
        assertThat(r.toString()).contains("completed before");
    }

    @Test
    void failedTransactionsAreIgnored() {
        ElleResult r = new H()
                .fail(0, 1, append("x", 1))
                .ok(2, 3, read("x", l()))
                .check();
        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void largeValidHistoryChecksQuickly() {
        H h = new H();
        List<Long> x = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 6_000; i++) {
            if (i % 2 == 0) {
                x.add((long) i);
                h.ok(t, t + 3, append("x", i));
            } else {
                h.ok(t, t + 3, read("x", x.subList(0, Math.max(0, x.size() - 1))));
            }
            t += 2; // overlapping neighbours: the read may miss the append that is still running
        }
        long start = System.nanoTime();
        ElleResult r = h.check();
        assertThat(r.anomalies()).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }
}
