package io.redraft.storage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redraft.raft.HardState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage that a crash cannot explain stops the node with one message naming the file, the offset
 * and the remedy; damage a crash can explain (torn tail, lost index) is repaired.
 */
class CorruptionTest {
    private static final String REMEDY = "remove the node from the cluster (RAFT.NODE REMOVE) and re-add it as a new node";
    private static final String LOG = "redisraft.db";

    private SimulatedFileSystem fs;

    @BeforeEach
    void tenEntries() throws Exception {
        fs = new SimulatedFileSystem();
        NodeStorage s = fresh(fs, simConfig(true));
        append(s, entries(1, 10, 1), new HardState(1, NODE_ID, 0));
        s.close();
    }

    private NodeStorage reopen() throws Exception {
        return NodeStorage.open(simConfig(true), fs, null);
    }

    private void assertRefusesToStart(String file, long offset, String problem) {
        assertThatThrownBy(this::reopen)
                .isInstanceOf(StorageCorruptedException.class)
                .hasMessageStartingWith("Storage corrupted: sim:/" + file + " at offset " + offset + ": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith(REMEDY + ".");
    }

    private static long offsetOf(long index) {
        long pos = RecordCodec.LOG_HEADER_SIZE;
        for (long i = 1; i < index; i++) pos += RecordCodec.recordSize(entry(i, 1));
        return pos;
    }

    @Test
    void crcMismatchBeforeTheTail() {
        fs.flipBit(LOG, offsetOf(3) + RecordCodec.RECORD_PREFIX + 20, 2);
        assertRefusesToStart(LOG, offsetOf(3), "CRC mismatch in entry 3");
    }

    @Test
    void damagedRecordLengthBeforeTheTail() {
        fs.flipBit(LOG, offsetOf(4) + 2, 5);
        assertRefusesToStart(LOG, offsetOf(4), "record header CRC mismatch (expected entry 4)");
    }

    @Test
    void damagedLogHeader() {
        fs.flipBit(LOG, 30, 0);
        assertRefusesToStart(LOG, 0, "log header CRC mismatch");
    }

    @Test
    void tornLastRecordIsCutOff() throws Exception {
        byte[] log = fs.contents(LOG);
        fs.replace(LOG, Arrays.copyOf(log, log.length - 7));
        Logger recovery = (Logger) LoggerFactory.getLogger(Recovery.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        recovery.addAppender(warnings);
        try (NodeStorage s = reopen()) {
            assertThat(warnings.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN);
            assertThat(warnings.list.getFirst().getFormattedMessage()).isEqualTo("sim:/redisraft.db: cutting off a torn"
                    + " last record of " + (RecordCodec.recordSize(entry(10, 1)) - 7) + " bytes at offset " + offsetOf(10)
                    + " (a write interrupted by a crash); the log now ends at entry 9");
        } finally {
            recovery.detachAppender(warnings);
        }
        try (NodeStorage s = reopen()) {
            assertThat(s.log().lastIndex()).isEqualTo(9);
            assertThat(s.log().entries(1, 10, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 9, 1));
            assertThat(Fixtures.append(s, entries(10, 12, 2), null).lastIndex()).isEqualTo(12);
        }
        try (NodeStorage s = reopen()) {
            assertThat(s.log().entries(1, 13, Long.MAX_VALUE)).hasSize(12);
        }
    }

    @Test
    void zeroFilledTailIsCutOff() throws Exception {
        byte[] log = fs.contents(LOG);
        fs.replace(LOG, Arrays.copyOf(log, log.length + 4096));
        try (NodeStorage s = reopen()) {
            assertThat(s.log().lastIndex()).isEqualTo(10);
        }
        assertThat(fs.contents(LOG)).hasSize(log.length);
    }

    @Test
    void unwrittenBlockBeforeLaterRecordsIsCutLikeATornTail() throws Exception {
        // Out-of-order writeback of an unsynced region: a hole of zeros with records after it.
        byte[] log = fs.contents(LOG);
        Arrays.fill(log, (int) offsetOf(8), (int) offsetOf(9), (byte) 0);
        fs.replace(LOG, log);
        try (NodeStorage s = reopen()) {
            assertThat(s.log().lastIndex()).isEqualTo(7);
            assertThat(s.log().entries(1, 8, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 7, 1));
        }
    }

    @Test
    void gapBetweenSnapshotAndFirstLogEntry() throws Exception {
        byte[] metaBeforeSnapshot = fs.contents(LOG + ".meta");
        try (NodeStorage s = reopen()) {
            installSnapshot(s, false, 6, 1, rdb(6));
        }
        fs.replace(LOG + ".meta", metaBeforeSnapshot);
        assertRefusesToStart(LOG, RecordCodec.LOG_HEADER_SIZE,
                "gap between the snapshot, which ends at entry 0, and the first log entry 7");
    }

    @Test
    void indexThatDisagreesWithTheLog() {
        long slot = RecordCodec.INDEX_HEADER_SIZE + 8L * 4;
        fs.flipBit(LOG + ".idx", slot + 7, 3);
        assertRefusesToStart(LOG + ".idx", slot, "the index file disagrees with the log at entry 5: it says offset "
                + (offsetOf(5) ^ 8) + ", the log has the entry at offset " + offsetOf(5));
    }

    @Test
    void missingIndexIsRebuilt() throws Exception {
        fs.delete(LOG + ".idx");
        try (NodeStorage s = reopen()) {
            assertThat(s.log().entries(1, 11, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 10, 1));
        }
        assertThat(fs.exists(LOG + ".idx")).isTrue();
    }

    @Test
    void damagedIndexIsRebuilt() throws Exception {
        fs.flipBit(LOG + ".idx", 20, 1); // header
        try (NodeStorage s = reopen()) {
            assertThat(s.log().entries(1, 11, Long.MAX_VALUE)).containsExactlyElementsOf(entries(1, 10, 1));
        }
        byte[] idx = fs.contents(LOG + ".idx");
        fs.replace(LOG + ".idx", Arrays.copyOf(idx, idx.length - 3)); // torn slot
        try (NodeStorage s = reopen()) {
            assertThat(s.log().term(10)).isEqualTo(1);
        }
        fs.replace(LOG + ".idx", Arrays.copyOf(idx, idx.length - 24)); // three slots short
        try (NodeStorage s = reopen()) {
            assertThat(s.log().entries(8, 11, Long.MAX_VALUE)).containsExactlyElementsOf(entries(8, 10, 1));
        }
    }

    @Test
    void logFromAnotherCluster() throws Exception {
        SimulatedFileSystem other = new SimulatedFileSystem();
        NodeStorage s = NodeStorage.open(simConfig(true), other, null);
        s.initialize(OTHER_DBID, NODE_ID);
        append(s, entries(1, 10, 1), null);
        s.close();
        fs.replace(LOG, other.contents(LOG));
        assertRefusesToStart(LOG, 12, "the log belongs to cluster " + OTHER_DBID
                + " but the metadata and snapshot belong to cluster " + DBID);
    }

    @Test
    void logOfAnotherNode() throws Exception {
        SimulatedFileSystem other = new SimulatedFileSystem();
        NodeStorage s = NodeStorage.open(simConfig(true), other, null);
        s.initialize(DBID, 99);
        s.close();
        fs.replace(LOG, other.contents(LOG));
        assertRefusesToStart(LOG, 44, "the log belongs to node 99 but the metadata to node " + NODE_ID);
    }

    @Test
    void logWithoutItsMetadata() throws Exception {
        fs.delete(LOG + ".meta");
        assertRefusesToStart(LOG, 0, "the log has no metadata file (redisraft.db.meta)");
    }

    @Test
    void damagedMetadata() {
        fs.flipBit(LOG + ".meta", 50, 4);
        assertThatThrownBy(this::reopen).isInstanceOf(StorageCorruptedException.class)
                .hasMessageContaining("sim:/redisraft.db.meta").hasMessageContaining("metadata CRC mismatch")
                .hasMessageContaining(REMEDY);
    }

    @Test
    void snapshotThatIsNotTheRecordedOne() throws Exception {
        try (NodeStorage s = reopen()) {
            installSnapshot(s, false, 6, 1, rdb(6));
        }
        byte[] rdb = fs.contents("dump.rdb");
        fs.flipBit("dump.rdb", 100, 0);
        assertRefusesToStart("dump.rdb", 0, "snapshot CRC mismatch");
        fs.replace("dump.rdb", Arrays.copyOf(rdb, 10));
        assertRefusesToStart("dump.rdb", 10, "the snapshot is 10 bytes but the metadata recorded " + rdb.length + " bytes");
        fs.delete("dump.rdb");
        assertRefusesToStart("dump.rdb", 0, "the snapshot file is missing");
    }

    @Test
    void missingLogWithMetadataThatHasHistory() throws Exception {
        fs.delete(LOG);
        assertRefusesToStart(LOG, 0, "the log file is missing but the metadata records term 1");
    }
}
