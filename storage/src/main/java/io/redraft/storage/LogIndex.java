package io.redraft.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@code .idx} file: after a header, one 8-byte log offset per entry, so entry {@code i} is
 * found with one read at {@code header + (i - prevIndex - 1) * 8}. It is derived data: never
 * synced on the append path, checked against the log on every start and rebuilt when damaged.
 */
final class LogIndex implements Closeable {
    private static final int SLOT = 8;

    private final StorageFile file;
    private final long prevIndex;
    private volatile long count;

    private LogIndex(StorageFile file, long prevIndex, long count) {
        this.file = file;
        this.prevIndex = prevIndex;
        this.count = count;
    }

    /** Writes an empty index under {@code name}. */
    static LogIndex create(FileSystem fs, String name, String dbid, long prevIndex) throws IOException {
        StorageFile f = fs.open(name);
        f.truncate(0);
        f.write(RecordCodec.encodeIndexHeader(dbid, prevIndex), 0);
        return new LogIndex(f, prevIndex, 0);
    }

    /**
     * Opens an index whose header matches the log's, or returns null when it is missing, from
     * another log, or torn mid-slot: all reasons to rebuild it rather than to refuse to start.
     */
    static LogIndex openIfUsable(FileSystem fs, String name, String dbid, long prevIndex) throws IOException {
        if (!fs.exists(name)) return null;
        StorageFile f = fs.open(name);
        long size = f.size();
        long headerPrev = RecordCodec.decodeIndexHeader(f.readUpTo(0, RecordCodec.INDEX_HEADER_SIZE), dbid);
        if (headerPrev != prevIndex || (size - RecordCodec.INDEX_HEADER_SIZE) % SLOT != 0) {
            f.close();
            return null;
        }
        return new LogIndex(f, prevIndex, (size - RecordCodec.INDEX_HEADER_SIZE) / SLOT);
    }

    /** Offsets of all slots, for checking against a scan of the log. */
    long[] readAll() throws IOException {
        int n = Math.toIntExact(count);
        ByteBuffer b = file.readUpTo(RecordCodec.INDEX_HEADER_SIZE, n * SLOT);
        long[] offsets = new long[b.remaining() / SLOT];
        for (int i = 0; i < offsets.length; i++) offsets[i] = b.getLong();
        return offsets;
    }

    void append(long[] offsets, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n * SLOT);
        for (int i = 0; i < n; i++) b.putLong(offsets[i]);
        file.write(b.flip(), position(count));
        count += n;
    }

    /** Keeps the slots of entries up to {@code lastIndex}. */
    void truncateAfter(long lastIndex) throws IOException {
        long keep = lastIndex - prevIndex;
        file.truncate(position(keep));
        count = keep;
    }

    /** Offsets of {@code n} consecutive entries from {@code first}, in one read. */
    long[] offsets(long first, int n) throws IOException {
        ByteBuffer b = file.readUpTo(position(first - prevIndex - 1), n * SLOT);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = b.getLong();
        return out;
    }

    long offset(long index) throws IOException {
        return file.readUpTo(position(index - prevIndex - 1), SLOT).getLong();
    }

    /** Start offsets of {@code index} and {@code index + 1} (the latter is -1 if not indexed). */
    long[] offsetAndNext(long index) throws IOException {
        long slot = index - prevIndex - 1;
        ByteBuffer b = file.readUpTo(position(slot), slot + 1 < count ? 2 * SLOT : SLOT);
        return new long[] {b.getLong(), b.remaining() >= SLOT ? b.getLong() : -1};
    }

    long lastIndexed() {
        return prevIndex + count;
    }

    long prevIndex() {
        return prevIndex;
    }

    void force() throws IOException {
        file.force();
    }

    private static long position(long slot) {
        return RecordCodec.INDEX_HEADER_SIZE + slot * SLOT;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
