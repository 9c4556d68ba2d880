package io.redraft.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The checksum a finished snapshot reports is the file's, however its bytes arrived. */
class SnapshotWriterTest {
    @TempDir
    Path dir;

    private final byte[] data = new byte[300_000];

    SnapshotWriterTest() {
        new Random(7).nextBytes(data);
    }

    private SnapshotFile.Checksum written(String name, int[][] writes) throws Exception {
        FileSystem fs = new RealFileSystem(dir);
        SnapshotWriter w = new SnapshotWriter(fs, name);
        for (int[] at : writes) w.write(at[0], ByteBuffer.wrap(data, at[0], at[1] - at[0]));
        SnapshotFile.Checksum sum = w.finish();
        try (StorageFile f = fs.open(name)) {
            assertThat(sum).as(name).isEqualTo(SnapshotWriter.checksum(f));
        }
        return sum;
    }

    @Test
    void inOrderOutOfOrderAndRewrittenChunksGiveTheFilesChecksum() throws Exception {
        SnapshotFile.Checksum inOrder = written("in-order", new int[][] {{0, 100_000}, {100_000, 250_000}, {250_000, 300_000}});
        SnapshotFile.Checksum outOfOrder = written("out-of-order", new int[][] {{100_000, 300_000}, {0, 100_000}});
        SnapshotFile.Checksum rewritten = written("rewritten", new int[][] {{0, 200_000}, {150_000, 300_000}});
        assertThat(inOrder.size()).isEqualTo(data.length);
        assertThat(outOfOrder).isEqualTo(inOrder);
        assertThat(rewritten).isEqualTo(inOrder);
    }

    /**
     * With {@code rdb-save-incremental-fsync} a local snapshot is synced every 4 MB as it is
     * written, so that no more than that is ever dirty at once (the log's fsyncs would wait for
     * it); without, only at the end.
     */
    @Test
    void anIncrementallySyncedSnapshotNeverHasMoreThanItsStepUnsynced() throws Exception {
        byte[] block = new byte[512 << 10];
        for (boolean incremental : new boolean[] {true, false}) {
            SimulatedFileSystem fs = new SimulatedFileSystem();
            SnapshotWriter w = new SnapshotWriter(fs, "snap");
            if (incremental) w.syncEvery(SnapshotWriter.INCREMENTAL_SYNC_BYTES);
            long written = 0;
            for (int i = 0; i < 20; i++) {
                w.append(ByteBuffer.wrap(block));
                written += block.length;
                long expected = incremental ? written / SnapshotWriter.INCREMENTAL_SYNC_BYTES : 0;
                assertThat(fs.forces()).as("syncs after %d bytes, incremental %s", written, incremental).isEqualTo(expected);
            }
            w.finish();
            assertThat(fs.forces()).isEqualTo(incremental ? 3 : 1);
        }
    }
}
