package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.LogStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Entries far larger than the usual command batch: a SET of a 512 MB value (Redis's largest bulk
 * string) once went into the log fine and then failed its check when read back, because the
 * largest body the reader accepted was 512 MB exactly, less than the value plus its command. And
 * terms, asked for on every commit, were read back from the file with the whole record.
 */
class LargeRecordTest {
    @TempDir
    Path dir;

    private NodeStorage storage;

    @AfterEach
    void close() throws Exception {
        if (storage != null) storage.close();
    }

    private NodeStorage open() throws Exception {
        if (storage != null) storage.close();
        // A one-byte cache keeps nothing, so every entry read below comes from the file.
        storage = NodeStorage.open(StorageConfig.defaults(dir).withFsync(false).withMaxCacheSize(1));
        return storage;
    }

    /** Terms of the first test's log: 25..30 of term 3 were replaced by 25..27 of term 4. */
    private static final LongUnaryOperator REPLACED = i -> i <= 10 ? 1 : i <= 20 ? 2 : i <= 24 ? 3 : 4;
    private static final LongUnaryOperator PLAIN = i -> i <= 10 ? 1 : i <= 20 ? 2 : i <= 30 ? 3 : 5;

    @Test
    void termsAreKeptInMemoryThroughTruncationCompactionAndReopen() throws Exception {
        NodeStorage s = open();
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 10, 1), null);
        append(s, entries(11, 20, 2), null);
        append(s, entries(21, 30, 3), null);
        append(s, entries(25, 27, 4), null); // replaces 25..30
        assertTerms(s.log(), 1, 27, REPLACED);

        // Damage every record's bytes: a term that still reads fine did not come from the file.
        long end = s.stats().fileSize();
        try (FileChannel ch = FileChannel.open(dir.resolve("redisraft.db"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[(int) (end - RecordCodec.LOG_HEADER_SIZE)]), RecordCodec.LOG_HEADER_SIZE);
        }
        assertTerms(s.log(), 1, 27, REPLACED);
        assertThatThrownBy(() -> s.log().entries(12, 13, Long.MAX_VALUE)).isInstanceOf(StorageCorruptedException.class);
    }

    @Test
    void termsSurviveCompactionAndReopen() throws Exception {
        NodeStorage s = open();
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 10, 1), null);
        append(s, entries(11, 20, 2), null);
        append(s, entries(21, 30, 3), null);
        installSnapshot(s, false, 15, 2, rdb(15));
        assertTerms(s.log(), 15, 30, PLAIN);
        append(s, entries(31, 32, 5), null);
        assertTerms(s.log(), 15, 32, PLAIN);

        s = open();
        assertTerms(s.log(), 15, 32, PLAIN);
        append(s, entries(33, 33, 5), null);
        assertTerms(s.log(), 15, 33, PLAIN);
        installSnapshot(s, true, 40, 6, rdb(40)); // not in the log: it restarts after the snapshot
        assertThat(s.log().term(40)).isEqualTo(6);
        append(s, entries(41, 41, 6), null);
        assertThat(s.log().term(41)).isEqualTo(6);
    }

    /** Records above {@link DurableLog#DIRECT_RECORD} skip the staging buffers on both sides; same bytes. */
    @Test
    void largeRecordsAmongSmallOnesRoundTripThroughCompactionAndReopen() throws Exception {
        NodeStorage s = open();
        s.initialize(DBID, NODE_ID);
        List<Entry> written = new ArrayList<>(entries(1, 3, 1));
        written.add(big(4, 1, 3 << 20));
        written.add(entry(5, 1));
        written.add(big(6, 1, DurableLog.DIRECT_RECORD)); // just over the threshold with its head
        written.add(entry(7, 1));
        append(s, written, null);

        assertThat(s.log().entries(1, 8, Long.MAX_VALUE)).containsExactlyElementsOf(written);
        assertThat(s.log().entries(4, 8, 0)).containsExactly(written.get(3));
        assertThat(s.log().entries(5, 8, Long.MAX_VALUE)).containsExactlyElementsOf(written.subList(4, 7));
        assertThat(s.log().term(6)).isEqualTo(1);

        installSnapshot(s, false, 3, 1, rdb(3));
        assertThat(s.log().entries(4, 8, Long.MAX_VALUE)).containsExactlyElementsOf(written.subList(3, 7));
        s = open();
        assertThat(s.log().entries(4, 8, Long.MAX_VALUE)).containsExactlyElementsOf(written.subList(3, 7));

        // The direct read still checks the CRC: flip one byte in the middle of entry 4's data.
        long at = RecordCodec.LOG_HEADER_SIZE + RecordCodec.HEAD + (1 << 20);
        try (FileChannel ch = FileChannel.open(dir.resolve("redisraft.db"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            ch.write(ByteBuffer.wrap(new byte[] {(byte) ~b.get(0)}), at);
        }
        NodeStorage damaged = s;
        assertThatThrownBy(() -> damaged.log().entries(4, 5, Long.MAX_VALUE))
                .isInstanceOf(StorageCorruptedException.class).hasMessageContaining("entry 4");
    }

    /**
     * The real size: SET of a 512 MB value, whose entry holds the value and its command. Needs
     * about 1.5 GB of heap and a few seconds, hence behind {@code -Dredraft.bigvalue=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "redraft.bigvalue", matches = "true")
    void setOfA512MegabyteValueIsReadBackAfterCompactionAndReopen() throws Exception {
        NodeStorage s = open();
        s.initialize(DBID, NODE_ID);
        append(s, entries(1, 3, 1), null);
        byte[] data = new byte[(512 << 20) + 60];
        for (int i = 0; i < data.length; i += 4096) data[i] = (byte) (i >>> 12);
        data[data.length - 1] = 42;
        append(s, List.of(new Entry(4, 1, EntryType.NORMAL, data)), null);
        data = null; // the log thread's copy is gone; let the heap have it back

        assertThat(s.log().term(4)).isEqualTo(1);
        checkBig(s.log().entries(4, 5, 0));
        installSnapshot(s, false, 3, 1, rdb(3));
        checkBig(s.log().entries(4, 5, 0));
        checkBig(open().log().entries(4, 5, 0));
    }

    private static void checkBig(List<Entry> read) {
        assertThat(read).hasSize(1);
        byte[] d = read.getFirst().data();
        assertThat(d.length).isEqualTo((512 << 20) + 60);
        for (int i = 0; i < d.length; i += 4096 * 97) assertThat(d[i]).isEqualTo((byte) (i >>> 12));
        assertThat(d[d.length - 1]).isEqualTo((byte) 42);
    }

    private static void assertTerms(LogStorage log, long from, long to, LongUnaryOperator expected) {
        for (long i = from; i <= to; i++) {
            assertThat(log.term(i)).as("term of entry %d", i).isEqualTo(expected.applyAsLong(i));
        }
    }

    private static Entry big(long index, long term, int size) {
        byte[] data = new byte[size];
        new Random(index).nextBytes(data);
        return new Entry(index, term, EntryType.NORMAL, data);
    }
}
