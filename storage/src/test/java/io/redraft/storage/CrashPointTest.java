package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes every operation after each of its I/O calls, on the page-cache-modelling file system,
 * then recovers and checks that the files open and hold an allowed state: nothing acknowledged is
 * lost, and nothing half-done shows.
 */
class CrashPointTest {
    /** How the machine went down after the crash point. */
    enum Outage {
        PROCESS, POWER_DROP_UNSYNCED, POWER_RANDOM_1, POWER_RANDOM_2, POWER_RANDOM_3, POWER_RANDOM_4,
        POWER_REORDERED_1, POWER_REORDERED_2, POWER_REORDERED_3;

        void apply(SimulatedFileSystem fs) {
            switch (this) {
                case PROCESS -> fs.processCrash();
                case POWER_DROP_UNSYNCED -> fs.powerLoss();
                case POWER_REORDERED_1, POWER_REORDERED_2, POWER_REORDERED_3 -> fs.powerLossReordered(random());
                default -> fs.powerLoss(random());
            }
        }

        /** Fixed per outage; {@code -Dredraft.crash.seed=N} explores other outcomes in a soak. */
        private Random random() {
            return new Random(ordinal() * 7919L + Long.getLong("redraft.crash.seed", 0));
        }
    }

    /** A storage under test plus what it acknowledged and whether its log thread died. */
    private static final class Run {
        final SimulatedFileSystem fs = new SimulatedFileSystem();
        final CompletableFuture<Throwable> died = new CompletableFuture<>();
        final List<LogWriter.Persisted> acked = new ArrayList<>();
        boolean installed;
        NodeStorage storage;

        /** Submits and waits until it is acknowledged or the log thread dies; false if it died. */
        boolean append(List<Entry> entries, HardState hs) throws Exception {
            CompletableFuture<LogWriter.Persisted> done = new CompletableFuture<>();
            try {
                storage.writer().submit(entries, hs, done::complete);
            } catch (IllegalStateException e) {
                return false;
            }
            CompletableFuture.anyOf(done, died).get(30, TimeUnit.SECONDS);
            if (!done.isDone()) return false;
            acked.add(done.get());
            return true;
        }

        boolean install(boolean received, long index, long term) throws Exception {
            try {
                installSnapshot(storage, received, index, term, rdb(index));
                installed = true;
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        void stop() {
            storage.close();
        }
    }

    private interface Action {
        void run(Run r) throws Exception;
    }

    /** Runs {@code setup}, counts {@code action}'s I/O, then replays it crashing after each call. */
    private void everyCrashPoint(boolean fsync, Action setup, Action action, Outage outage, Action check) throws Exception {
        Run probe = start(fsync, setup);
        long before = probe.fs.operations();
        action.run(probe);
        long total = probe.fs.operations() - before;
        probe.stop();
        assertThat(total).isPositive();
        for (long k = 0; k <= total; k++) {
            Run r = start(fsync, setup);
            r.fs.crashAfter(k);
            try {
                action.run(r);
            } catch (SimulatedFileSystem.SimulatedCrash ignored) {
                // the process died here
            }
            r.stop();
            outage.apply(r.fs);
            NodeStorage reopened = NodeStorage.open(simConfig(fsync), r.fs, null);
            try {
                r.storage = reopened;
                check.run(r);
            } catch (AssertionError e) {
                throw new AssertionError("after a crash at I/O call " + k + " of " + total + " and outage " + outage
                        + ": " + e.getMessage(), e);
            } finally {
                reopened.close();
            }
        }
    }

    private static Run start(boolean fsync, Action setup) throws Exception {
        Run r = new Run();
        r.storage = NodeStorage.open(simConfig(fsync), r.fs, r.died::complete);
        setup.run(r);
        r.acked.clear();
        return r;
    }

    private static final Action INITIALIZED = r -> r.storage.initialize(DBID, NODE_ID);

    private static final Action TEN_ENTRIES = r -> {
        INITIALIZED.run(r);
        r.append(entries(1, 10, 1), new HardState(1, NODE_ID, 0));
    };

    @Test
    void appendLosesNothingAcknowledgedWithFsync() throws Exception {
        for (Outage outage : Outage.values()) {
            everyCrashPoint(true, TEN_ENTRIES, r -> {
                if (r.append(entries(11, 13, 1), null) && r.append(entries(14, 14, 2), new HardState(2, 0, 10))) {
                    r.append(entries(15, 20, 2), null);
                }
            }, outage, r -> {
                long last = r.storage.log().lastIndex();
                assertThat(last).isBetween(10L, 20L);
                assertThat(r.storage.log().entries(1, last + 1, Long.MAX_VALUE)).containsExactlyElementsOf(appendHistory(last));
                for (LogWriter.Persisted p : r.acked) assertThat(last).isGreaterThanOrEqualTo(p.lastIndex());
                if (last >= 14) assertThat(r.storage.log().hardState().term()).isEqualTo(2);
            });
        }
    }

    @Test
    void appendLosesNothingOnAProcessCrashWithFsyncOff() throws Exception {
        everyCrashPoint(false, TEN_ENTRIES, r -> {
            if (r.append(entries(11, 13, 1), null)) r.append(entries(14, 20, 2), new HardState(2, 0, 10));
        }, Outage.PROCESS, r -> {
            long last = r.storage.log().lastIndex();
            assertThat(r.storage.log().entries(1, last + 1, Long.MAX_VALUE)).containsExactlyElementsOf(appendHistory(last));
            for (LogWriter.Persisted p : r.acked) assertThat(last).isGreaterThanOrEqualTo(p.lastIndex());
        });
    }

    private static List<Entry> appendHistory(long last) {
        List<Entry> out = new ArrayList<>(entries(1, Math.min(last, 13), 1));
        if (last >= 14) out.addAll(entries(14, last, 2));
        return out;
    }

    @Test
    void suffixTruncationIsAllOrNothing() throws Exception {
        for (Outage outage : Outage.values()) {
            everyCrashPoint(true, TEN_ENTRIES, r -> r.append(entries(6, 8, 2), new HardState(2, 0, 0)), outage, r -> {
                DurableLog log = r.storage.log();
                long last = log.lastIndex();
                boolean truncated = last < 10 || log.term(last) == 2;
                List<Entry> expected = truncated ? new ArrayList<>(entries(1, 5, 1)) : entries(1, 10, 1);
                if (truncated && last > 5) expected.addAll(entries(6, last, 2));
                assertThat(log.entries(1, last + 1, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
                if (!r.acked.isEmpty()) assertThat(last).isEqualTo(8);
                if (truncated) assertThat(log.hardState().term()).isEqualTo(2);
            });
        }
    }

    @Test
    void metadataUpdateIsAllOrNothing() throws Exception {
        for (Outage outage : Outage.values()) {
            everyCrashPoint(true, INITIALIZED, r -> r.append(List.of(), new HardState(5, 7, 0)), outage, r -> {
                HardState hs = r.storage.log().hardState();
                assertThat(hs).isIn(HardState.EMPTY, new HardState(5, 7, 0));
                if (!r.acked.isEmpty()) assertThat(hs.term()).isEqualTo(5);
            });
        }
    }

    @Test
    void localSnapshotAndPrefixCompactionAreAllOrNothing() throws Exception {
        for (Outage outage : Outage.values()) {
            everyCrashPoint(true, TEN_ENTRIES, r -> r.install(false, 6, 1), outage, r -> {
                DurableLog log = r.storage.log();
                SnapshotMeta snap = log.snapshot();
                if (r.installed) assertThat(snap.lastIndex()).isEqualTo(6);
                assertThat(snap.lastIndex()).isIn(0L, 6L);
                assertThat(log.firstIndex()).isEqualTo(snap.lastIndex() + 1);
                assertThat(log.lastIndex()).isEqualTo(10);
                assertThat(log.entries(log.firstIndex(), 11, Long.MAX_VALUE))
                        .containsExactlyElementsOf(entries(log.firstIndex(), 10, 1));
                assertSnapshotFileMatches(r, snap);
            });
        }
    }

    @Test
    void receivedSnapshotInstallIsAllOrNothing() throws Exception {
        for (Outage outage : Outage.values()) {
            everyCrashPoint(true, TEN_ENTRIES, r -> r.install(true, 30, 3), outage, r -> {
                DurableLog log = r.storage.log();
                SnapshotMeta snap = log.snapshot();
                if (r.installed) assertThat(snap.lastIndex()).isEqualTo(30);
                if (snap.lastIndex() == 30) {
                    assertThat(log.lastIndex()).isEqualTo(30);
                    assertThat(log.term(30)).isEqualTo(3);
                } else {
                    assertThat(snap).isEqualTo(SnapshotMeta.EMPTY);
                    assertThat(log.entries(1, 11, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 10, 1));
                }
                assertSnapshotFileMatches(r, snap);
            });
        }
    }

    @Test
    void initializationIsAllOrNothing() throws Exception {
        for (Outage outage : Outage.values()) {
            everyCrashPoint(true, r -> {}, INITIALIZED, outage, r -> {
                if (r.storage.isInitialized()) {
                    assertThat(r.storage.dbid()).isEqualTo(DBID);
                    assertThat(r.storage.log().lastIndex()).isZero();
                } else {
                    r.storage.initialize(DBID, NODE_ID);
                }
                assertThat(Fixtures.append(r.storage, entries(1, 1, 1), null).lastIndex()).isEqualTo(1);
            });
        }
    }

    private static void assertSnapshotFileMatches(Run r, SnapshotMeta snap) throws Exception {
        assertThat(r.fs.list()).noneMatch(n -> n.contains(".tmp"));
        if (snap.lastIndex() == 0) return;
        try (InputStream in = r.storage.snapshotFile().openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(rdb(snap.lastIndex()));
        }
    }
}
