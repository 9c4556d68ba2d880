package io.redraft.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** One open file: positional reads and writes, so one writer and many readers can share it. */
public interface StorageFile extends Closeable {
    /** Reads into {@code dst} from {@code position}; returns bytes read, or -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all remaining bytes of {@code src} at {@code position}. */
    void write(ByteBuffer src, long position) throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;

    /** Makes every write and truncation so far durable (fdatasync). */
    void force() throws IOException;

    @Override
    void close() throws IOException;

    /** Reads exactly {@code length} bytes from {@code position}, or fewer if the file ends first. */
    default ByteBuffer readUpTo(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = read(buf, position + buf.position());
            if (n < 0) break;
        }
        return buf.flip();
    }

    /**
     * Copies {@code count} bytes of {@code src} from {@code srcPosition} to this file at
     * {@code position}; fewer if {@code src} ends first. Returns the bytes copied.
     */
    default long copyFrom(StorageFile src, long srcPosition, long count, long position) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(count, 1 << 20));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = src.read(buf, srcPosition + done);
            if (n < 0) break;
            write(buf.flip(), position + done);
            done += n;
        }
        return done;
    }
}
