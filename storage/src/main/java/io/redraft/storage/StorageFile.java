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
}
