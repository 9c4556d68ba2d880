package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log's operations on a real directory, and that a reopen sees the same log. */
class DurableLogTest {
    @TempDir
    Path dir;

    private NodeStorage storage;

    @AfterEach
    void close() throws Exception {
        if (storage != null) storage.close();
    }

    private NodeStorage open(StorageConfig config) throws Exception {
        if (storage != null) storage.close();
        storage = NodeStorage.open(config);
        return storage;
    }

    private StorageConfig config() {
        return StorageConfig.defaults(dir);
    }

    @Test
    void uninitializedDirectoryHasNoFilesUntilInitialize() throws Exception {
        NodeStorage s = open(config());
        assertThat(s.isInitialized()).isFalse();
        assertThat(s.dbid()).isNull();
        assertThat(s.nodeId()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
        s.initialize(DBID, NODE_ID);
        assertThat(dir.resolve("redisraft.db")).exists();
        assertThat(dir.resolve("redisraft.db.idx")).exists();
        assertThat(dir.resolve("redisraft.db.meta")).exists();
        assertThat(s.log().firstIndex()).isEqualTo(1);
        assertThat(s.log().lastIndex()).isZero();
        assertThat(s.log().term(0)).isZero();
    }

    @Test
    void clusterIdMustBe32Characters() throws Exception {
        NodeStorage s = open(config());
        assertThatThrownBy(() -> s.initialize("abc", NODE_ID)).hasMessage("cluster id must be 32 characters: abc");
        assertThat(s.isInitialized()).isFalse();
        s.initialize("Any-32-printable-characters-here", NODE_ID);
        assertThat(open(config()).dbid()).isEqualTo("Any-32-printable-characters-here");
    }

    @Test
    void appendedEntriesAreReadBackAndSurviveReopen() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        LogWriter.Persisted p = append(s, entries(1, 100, 1), new HardState(1, NODE_ID, 0));
        assertThat(p).isEqualTo(new LogWriter.Persisted(100, 1));
        append(s, entries(101, 150, 2), new HardState(2, 0, 90));

        s = open(config());
        DurableLog log = s.log();
        assertThat(s.dbid()).isEqualTo(DBID);
        assertThat(s.nodeId()).isEqualTo(NODE_ID);
        assertThat(log.firstIndex()).isEqualTo(1);
        assertThat(log.lastIndex()).isEqualTo(150);
        assertThat(log.term(100)).isEqualTo(1);
        assertThat(log.term(101)).isEqualTo(2);
        assertThat(log.entries(1, 151, Long.MAX_VALUE)).containsExactlyElementsOf(
                concat(entries(1, 100, 1), entries(101, 150, 2)));
        // The commit index is kept in memory until the next metadata write or a clean close.
        assertThat(log.hardState()).isEqualTo(new HardState(2, 0, 90));
    }

    @Test
    void entriesStopAtMaxBytesButReturnAtLeastOne() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 20, 1), null);
        assertThat(s.log().entries(5, 20, 0)).containsExactly(entry(5, 1));
        long two = entry(5, 1).sizeBytes() + entry(6, 1).sizeBytes();
        assertThat(s.log().entries(5, 20, two)).containsExactly(entry(5, 1), entry(6, 1));
        assertThat(s.log().entries(5, 5, 100)).isEmpty();
        assertThatThrownBy(() -> s.log().entries(5, 22, 100)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void readsFromDiskWhenTheCacheIsTooSmall() throws Exception {
        NodeStorage s = open(config().withMaxCacheSize(500));
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 200, 3), null);
        assertThat(s.stats().cacheBytes()).isLessThanOrEqualTo(500);
        assertThat(s.stats().cacheEntries()).isBetween(1L, 20L);
        assertThat(s.log().entries(1, 201, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 200, 3));
        assertThat(s.log().term(7)).isEqualTo(3);
        assertThat(s.log().entries(5, 201, 0)).containsExactly(entry(5, 3));
        long three = entry(5, 3).sizeBytes() + entry(6, 3).sizeBytes() + entry(7, 3).sizeBytes();
        assertThat(s.log().entries(5, 201, three)).containsExactly(entry(5, 3), entry(6, 3), entry(7, 3));
        assertThat(s.log().entries(195, 201, Long.MAX_VALUE)).containsExactlyElementsOf(entries(195, 200, 3));
    }

    /** CONFIG SET raft.log-max-file-size / -cache-size reach storage without reopening it. */
    @Test
    void limitsChangeLive() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 200, 3), null);
        assertThat(s.compactionDue()).isFalse();
        assertThat(s.stats().cacheEntries()).isEqualTo(200);

        s.setLimits(s.stats().fileSize() - 1, 500);
        assertThat(s.compactionDue()).isTrue();
        assertThat(s.stats().cacheBytes()).isLessThanOrEqualTo(500); // evicted at once
        assertThat(s.stats().cacheEntries()).isBetween(1L, 20L);
        assertThat(s.log().entries(1, 201, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 200, 3));

        s.setLimits(0, 0); // never due, unbounded
        assertThat(s.compactionDue()).isFalse();
        append(s, entries(201, 400, 3), null);
        assertThat(s.stats().cacheEntries()).isGreaterThanOrEqualTo(200);
        assertThat(s.config().maxCacheSize()).isZero();
    }

    /**
     * A snapshot larger than raft.log-max-file-size: the next one waits until the log has outgrown
     * it, so snapshots never write more than the log does (Redis's auto-aof-rewrite-percentage 100).
     */
    @Test
    void compactionWaitsForTheLogToOutgrowTheSnapshot() throws Exception {
        NodeStorage s = open(config().withMaxFileSize(2_000));
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 60, 1), new HardState(1, NODE_ID, 60));
        byte[] dataset = new byte[20_000];
        installSnapshot(s, false, 60, 1, dataset);
        assertThat(s.compactionDue()).isFalse();

        long next = 61;
        while (s.stats().fileSize() <= 2_000) append(s, entries(next, next++, 1), null);
        assertThat(s.compactionDue()).as("past log-max-file-size, short of the snapshot").isFalse();
        while (s.stats().fileSize() <= dataset.length) append(s, entries(next, next++, 1), null);
        assertThat(s.compactionDue()).as("past the snapshot's size").isTrue();

        s.setLimits(0, 0);
        assertThat(s.compactionDue()).as("0 still means never").isFalse();
    }

    @Test
    void overlappingAppendReplacesTheConflictingSuffix() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 10, 1), new HardState(1, 0, 0));
        LogWriter.Persisted p = append(s, entries(6, 8, 2), new HardState(2, 0, 0));
        assertThat(p).isEqualTo(new LogWriter.Persisted(8, 2));
        assertThat(s.log().lastIndex()).isEqualTo(8);

        s = open(config());
        assertThat(s.log().lastIndex()).isEqualTo(8);
        assertThat(s.log().entries(1, 9, Long.MAX_VALUE)).containsExactlyElementsOf(concat(entries(1, 5, 1), entries(6, 8, 2)));
        append(s, entries(9, 9, 2), null);
        assertThat(s.log().term(9)).isEqualTo(2);
    }

    @Test
    void localSnapshotDropsThePrefixAndKeepsTheRest() throws Exception {
        NodeStorage s = open(config().withMaxFileSize(2_000));
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 60, 1), new HardState(1, NODE_ID, 50));
        assertThat(s.compactionDue()).isTrue();
        long before = s.stats().fileSize();
        installSnapshot(s, false, 50, 1, rdb(50));
        assertThat(s.stats().fileSize()).isLessThan(before);
        assertThat(s.compactionDue()).isFalse();
        assertThat(s.log().firstIndex()).isEqualTo(51);
        assertThat(s.log().term(50)).isEqualTo(1);
        assertThat(s.log().snapshot()).isEqualTo(new SnapshotMeta(50, 1, CONFIG));
        assertThat(s.snapshotFile().size()).isEqualTo(rdb(50).length);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("redisraft.db", "redisraft.db.idx", "redisraft.db.meta", "dump.rdb");
        }
        s = open(config());
        assertThat(s.log().snapshot()).isEqualTo(new SnapshotMeta(50, 1, CONFIG));
        assertThat(s.log().entries(51, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(51, 60, 1));
        try (InputStream in = s.snapshotFile().openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(rdb(50));
        }
        append(s, entries(61, 61, 1), null);
        assertThat(s.log().lastIndex()).isEqualTo(61);
    }

    /**
     * The suffix a snapshot keeps, copied ahead by another thread: the install adds only what was
     * appended since, and the log reads back whole, also after a restart.
     */
    @Test
    void aSuffixCopiedAheadIsCompletedByTheInstall() throws Exception {
        NodeStorage s = sixtyEntriesCopiedAheadOf50(50);
        append(s, entries(61, 70, 1), null); // appended while the snapshot was on its way
        installSnapshot(s, false, 50, 1, rdb(50));
        assertThat(s.log().entries(51, 71, Long.MAX_VALUE)).containsExactlyElementsOf(entries(51, 70, 1));
        assertThat(dir.resolve("redisraft.db.pre.1.tmp")).doesNotExist();
        assertThat(dir.resolve("redisraft.db.pre.1.tmp.idx")).doesNotExist();
        s = open(config());
        assertThat(s.log().firstIndex()).isEqualTo(51);
        assertThat(s.log().entries(51, 71, Long.MAX_VALUE)).containsExactlyElementsOf(entries(51, 70, 1));
        append(s, entries(71, 71, 1), null);
        assertThat(s.log().lastIndex()).isEqualTo(71);
    }

    /** A copy made before the log's suffix was replaced is not used: the install copies the log as it is. */
    @Test
    void aSuffixCopiedBeforeATruncationIsDiscarded() throws Exception {
        NodeStorage s = sixtyEntriesCopiedAheadOf50(50);
        append(s, entries(55, 58, 2), new HardState(2, 0, 50)); // a new leader's entries replace 55..60
        installSnapshot(s, false, 50, 1, rdb(50));
        List<Entry> expected = concat(entries(51, 54, 1), entries(55, 58, 2));
        assertThat(s.log().entries(51, 59, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
        s = open(config());
        assertThat(s.log().entries(51, 59, Long.MAX_VALUE)).containsExactlyElementsOf(expected);
    }

    /** Entries 1..60 committed up to {@code commit}, their suffix after 50 copied ahead of a snapshot at 50. */
    private NodeStorage sixtyEntriesCopiedAheadOf50(long commit) throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 60, 1), new HardState(1, NODE_ID, commit));
        assertThat(s.log().prepareCompaction(new SnapshotMeta(50, 1, CONFIG))).isTrue();
        return s;
    }

    /**
     * A copy nobody installed (its snapshot failed or was superseded) is replaced by the next one,
     * whose files it must not take with it.
     */
    @Test
    void aNewCopyReplacesAnUnusedOne() throws Exception {
        NodeStorage s = sixtyEntriesCopiedAheadOf50(55);
        assertThat(s.log().prepareCompaction(new SnapshotMeta(55, 1, CONFIG))).isTrue();
        installSnapshot(s, false, 55, 1, rdb(55));
        assertThat(s.log().entries(56, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(56, 60, 1));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".pre."));
        }
        s = open(config());
        assertThat(s.log().entries(56, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(56, 60, 1));
    }

    /**
     * A node that stops between the copy and the install finds its log as it was, and no copy:
     * a clean stop drops it, and the start after a crash sweeps what one left.
     */
    @Test
    void aRestartDropsACopyNeverInstalled() throws Exception {
        NodeStorage s = sixtyEntriesCopiedAheadOf50(50);
        assertThat(dir.resolve("redisraft.db.pre.1.tmp")).exists();
        s = open(config());
        assertThat(s.log().entries(1, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 60, 1));
        assertThat(dir.resolve("redisraft.db.pre.1.tmp")).doesNotExist();
        assertThat(dir.resolve("redisraft.db.pre.1.tmp.idx")).doesNotExist();

        s.close();
        storage = null;
        Files.write(dir.resolve("redisraft.db.pre.9.tmp"), new byte[100]); // as a kill -9 mid-copy leaves
        Files.write(dir.resolve("redisraft.db.pre.9.tmp.idx"), new byte[8]);
        s = open(config());
        assertThat(s.log().entries(1, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 60, 1));
        assertThat(dir.resolve("redisraft.db.pre.9.tmp")).doesNotExist();
        assertThat(dir.resolve("redisraft.db.pre.9.tmp.idx")).doesNotExist();
    }

    /** A copy made for one snapshot is not used for another. */
    @Test
    void aSuffixCopiedForAnotherSnapshotIsDiscarded() throws Exception {
        NodeStorage s = sixtyEntriesCopiedAheadOf50(55);
        installSnapshot(s, false, 55, 1, rdb(55));
        assertThat(s.log().entries(56, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(56, 60, 1));
        s = open(config());
        assertThat(s.log().entries(56, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(56, 60, 1));
        assertThat(dir.resolve("redisraft.db.pre.1.tmp")).doesNotExist();
    }

    @Test
    void receivedSnapshotBeyondTheLogResetsIt() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 10, 1), new HardState(2, 0, 0));
        installSnapshot(s, true, 40, 2, rdb(40));
        assertThat(s.log().firstIndex()).isEqualTo(41);
        assertThat(s.log().lastIndex()).isEqualTo(40);
        assertThat(s.log().entries(41, 41, 10)).isEmpty();
        append(s, entries(41, 45, 2), null);

        s = open(config());
        assertThat(s.log().lastIndex()).isEqualTo(45);
        assertThat(s.log().hardState().commit()).isEqualTo(40);
        assertThat(s.log().entries(41, 46, Long.MAX_VALUE)).containsExactlyElementsOf(entries(41, 45, 2));
    }

    @Test
    void receivedSnapshotThatConflictsWithTheLogDiscardsTheLog() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 10, 1), null);
        installSnapshot(s, true, 5, 2, rdb(5)); // entry 5 has term 1 here: the log diverged
        assertThat(s.log().lastIndex()).isEqualTo(5);
        s = open(config());
        assertThat(s.log().lastIndex()).isEqualTo(5);
        assertThat(s.log().term(5)).isEqualTo(2);
    }

    @Test
    void aRemovedNodeArchivesItsFilesAndStartsUninitialized() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 20, 1), new HardState(1, NODE_ID, 0));
        installSnapshot(s, false, 10, 1, rdb(10));
        s.archive();
        assertThat(s.isInitialized()).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "redisraft.db." + NODE_ID + ".bak", "redisraft.db.meta." + NODE_ID + ".bak", "dump.rdb.bak." + NODE_ID);
        }
        assertThat(open(config()).isInitialized()).isFalse();
    }

    @Test
    void fsyncStatsCountOnlyWithFsyncOn() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 1, 1), null);
        assertThat(s.stats().fsyncCount()).isEqualTo(1);
        s = open(config().withFsync(false));
        append(s, entries(2, 2, 1), null);
        assertThat(s.stats().fsyncCount()).isZero();
        assertThat(s.stats().fileSize()).isEqualTo(Files.size(dir.resolve("redisraft.db")));
    }

    @Test
    void hardStateChangesSurviveReopen() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, List.of(), new HardState(7, 42, 0));
        s = open(config());
        assertThat(s.log().hardState()).isEqualTo(new HardState(7, 42, 0));
    }

    @Test
    void rejectsAGapAndEntriesUnderTheSnapshot() throws Exception {
        NodeStorage s = open(config());
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 3, 1), null);
        var failed = new java.util.concurrent.CompletableFuture<Throwable>();
        s.close();
        storage = NodeStorage.open(config(), FileSystem.real(dir), failed::complete);
        storage.writer().submit(entries(5, 5, 1), null, p -> {});
        assertThat(failed.get()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not follow");
        assertThatThrownBy(() -> storage.writer().submit(entries(4, 4, 1), null, p -> {}))
                .isInstanceOf(IllegalStateException.class);
    }

    private static List<Entry> concat(List<Entry> a, List<Entry> b) {
        List<Entry> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
