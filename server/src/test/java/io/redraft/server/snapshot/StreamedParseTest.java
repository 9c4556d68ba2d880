package io.redraft.server.snapshot;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbWriter;
import io.redraft.store.string.StringValue;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A received snapshot is parsed while its chunks arrive (#24): the parse is done by the time the
 * last chunk is written, before the install asks for it; anything unusual leaves the file to the
 * install's own parse (result null) instead of producing a wrong keyspace.
 */
class StreamedParseTest {
    @TempDir
    Path dir;
    private Path temp;
    private FileChannel ch;

    /** The file being received, as {@code Snapshots.chunk} writes it. */
    @BeforeEach
    void open() throws Exception {
        temp = dir.resolve("raft.rdb.tmp.recv");
        ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @AfterEach
    void close() throws Exception {
        ch.close();
    }

    private static Keyspace keyspace(int keys) {
        Keyspace ks = new Keyspace();
        for (int i = 0; i < keys; i++) ks.put(Bytes.of("key:" + i), new StringValue(("value-" + i).repeat(20).getBytes()));
        return ks;
    }

    private static byte[] rdb(int keys) throws Exception {
        Keyspace ks = keyspace(keys);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(ks, null, 0, out);
        return out.toByteArray();
    }

    /** Writes {@code bytes[from, to)} at {@code from}, as {@code Snapshots.chunk} does, and reports it. */
    private void chunk(StreamedParse p, byte[] bytes, int from, int to) throws Exception {
        ch.write(ByteBuffer.wrap(bytes, from, to - from), from);
        p.grew(from, to - from);
    }

    private static CompletableFuture<RdbContents> resultAsync(StreamedParse p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return p.result();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theSnapshotIsParsedAsItArrivesAndIsDoneBeforeTheTransferIsDeclaredComplete() throws Exception {
        byte[] file = rdb(5_000);
        StreamedParse p = StreamedParse.start(temp);
        CompletableFuture<RdbContents> result = resultAsync(p);
        int chunk = 4096;
        for (int off = 0; off < file.length; off += chunk) {
            chunk(p, file, off, Math.min(file.length, off + chunk));
            if (off + chunk < file.length) assertThat(result).as("not before the last chunk").isNotDone();
        }
        // no complete(): the RDB's own end (EOF opcode, CRC-64 trailer) ends the parse
        RdbContents parsed = result.get(30, TimeUnit.SECONDS);
        assertThat(parsed).isNotNull();
        assertThat(parsed.keyspace().digest()).isEqualTo(keyspace(5_000).digest());
    }

    @Test
    void aChunkThatDoesNotContinueTheFileLeavesItToTheInstall() throws Exception {
        byte[] file = rdb(2_000);
        StreamedParse p = StreamedParse.start(temp);
        int half = file.length / 2;
        chunk(p, file, half, file.length); // the second half first
        chunk(p, file, 0, half);
        p.complete();
        assertThat(resultAsync(p).get(30, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aStoppedOrTruncatedTransferGivesNoContents() throws Exception {
        byte[] file = rdb(2_000);
        StreamedParse stopped = StreamedParse.start(temp);
        chunk(stopped, file, 0, file.length / 3);
        stopped.stop();
        assertThat(resultAsync(stopped).get(30, TimeUnit.SECONDS)).isNull();

        StreamedParse truncated = StreamedParse.start(temp);
        chunk(truncated, file, 0, file.length - 9); // the trailer never comes
        truncated.complete();
        assertThat(resultAsync(truncated).get(30, TimeUnit.SECONDS)).isNull();
    }
}
