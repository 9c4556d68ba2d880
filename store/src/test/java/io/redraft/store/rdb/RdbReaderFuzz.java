package io.redraft.store.rdb;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.redraft.resp.Allocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * Coverage-guided fuzzing of the RDB reader (snapshots received from a leader, files imported from
 * Redis): any bytes load or fail with {@link RdbFormatException} (which names the offset), never
 * another exception, never a hang, never an allocation sized by a declared length rather than by
 * the bytes present. What loads must write back and load again to the same digest.
 * Corpus: {@code RdbReaderFuzzInputs} (small files of every encoding, the trailer zeroed so that
 * mutations are not all stopped by the CRC).
 */
class RdbReaderFuzz {
    @FuzzTest
    void read(byte[] file) throws Exception {
        // Up to 1 MiB of a declared string length is allocated at once (RdbInput), past that
        // memory follows the bytes present.
        Allocation.bounded(file.length, 8 << 20, 512, () -> load(file));
        RdbContents loaded = load(file);
        if (loaded == null) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(loaded.keyspace(), loaded.raft(), 0, out);
        RdbContents again = RdbReader.read(new ByteArrayInputStream(out.toByteArray()), "rewritten");
        if (!again.keyspace().digest().equals(loaded.keyspace().digest())) {
            throw new AssertionError("a loaded file does not write back to the same data");
        }
    }

    private static RdbContents load(byte[] file) throws Exception {
        try {
            return RdbReader.read(new ByteArrayInputStream(file), "fuzz");
        } catch (RdbFormatException e) {
            return null;
        }
    }
}
