package io.redraft.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The log file: a header, then entry records back to back (layout in {@link RecordCodec}). Only the
 * log thread writes it; readers use positional reads of records the index points at.
 */
final class LogSegment implements Closeable {
    private static final int SCAN_CHUNK = 1 << 20;
    private static final int SECTOR = 512;
    private static final int MIN_ZERO_RUN = 4;

    private final FileSystem fs;
    private String name;
    private final StorageFile file;
    private final LogHeader header;
    private volatile long end;

    private LogSegment(FileSystem fs, String name, StorageFile file, LogHeader header, long end) {
        this.fs = fs;
        this.name = name;
        this.file = file;
        this.header = header;
        this.end = end;
    }

    /** Writes a new, empty log under {@code name} (normally a temp name, renamed by the caller). */
    static LogSegment create(FileSystem fs, String name, LogHeader header) throws IOException {
        StorageFile f = fs.open(name);
        f.truncate(0);
        f.write(RecordCodec.encodeLogHeader(header), 0);
        return new LogSegment(fs, name, f, header, RecordCodec.LOG_HEADER_SIZE);
    }

    /** Opens an existing log and checks its header; the records are checked by {@link #scan}. */
    static LogSegment open(FileSystem fs, String name) throws IOException {
        StorageFile f = fs.open(name);
        String[] problem = new String[1];
        LogHeader h = RecordCodec.decodeLogHeader(f.readUpTo(0, RecordCodec.LOG_HEADER_SIZE), problem);
        if (h == null) {
            f.close();
            throw new StorageCorruptedException(fs.describe(name), 0, problem[0]);
        }
        return new LogSegment(fs, name, f, h, f.size());
    }

    /** Receives each intact record found by {@link #scan}, in order. */
    interface RecordVisitor {
        void record(long index, long term, long offset);
    }

    /**
     * Outcome of a scan.
     *
     * @param validEnd  offset just past the last intact record
     * @param tornBytes bytes after {@code validEnd} that held a partial record (0 if none)
     */
    record ScanResult(long lastIndex, long lastTerm, long validEnd, long tornBytes) {}

    /**
     * Reads every record, checking CRCs and that indices follow one another from the header's
     * prev index. A damaged record is a torn write, reported as such, when it is the last thing in
     * the file, runs past its end, or overlaps a sector of zeros (see {@link #unwritten}); any
     * other damage throws.
     */
    ScanResult scan(RecordVisitor visitor) throws IOException {
        long size = file.size();
        long pos = RecordCodec.LOG_HEADER_SIZE;
        long expected = header.prevIndex() + 1;
        long lastTerm = header.prevTerm();
        ScanWindow w = new ScanWindow(size);
        while (pos < size) {
            if (size - pos < RecordCodec.RECORD_PREFIX) return torn(expected, lastTerm, pos, size);
            ByteBuffer buf = w.at(pos, RecordCodec.RECORD_PREFIX);
            int at = w.offsetOf(pos);
            if (!RecordCodec.prefixValid(buf, at)) {
                if (unwritten(pos, pos + RecordCodec.RECORD_PREFIX, size) || w.zerosUntilEnd(pos)) {
                    return torn(expected, lastTerm, pos, size);
                }
                throw corrupted(pos, "record header CRC mismatch (expected entry " + expected + ")");
            }
            int body = buf.getInt(at);
            long recordEnd = pos + RecordCodec.RECORD_PREFIX + body;
            if (recordEnd > size) return torn(expected, lastTerm, pos, size);
            buf = w.at(pos, RecordCodec.RECORD_PREFIX + body);
            at = w.offsetOf(pos);
            if (!RecordCodec.bodyValid(buf, at)) {
                if (recordEnd == size || unwritten(pos, recordEnd, size)) return torn(expected, lastTerm, pos, size);
                throw corrupted(pos, "CRC mismatch in entry " + expected);
            }
            long index = buf.getLong(at + RecordCodec.RECORD_PREFIX);
            long term = buf.getLong(at + RecordCodec.RECORD_PREFIX + 8);
            byte type = buf.get(at + RecordCodec.RECORD_PREFIX + 16);
            if (index != expected) throw corrupted(pos, "found entry " + index + " where entry " + expected + " belongs");
            if (!RecordCodec.isValidType(type)) throw corrupted(pos, "unknown entry type " + type + " in entry " + index);
            if (term < lastTerm) throw corrupted(pos, "entry " + index + " has term " + term + ", lower than the " + lastTerm + " before it");
            visitor.record(index, term, pos);
            lastTerm = term;
            expected++;
            pos = recordEnd;
        }
        return new ScanResult(expected - 1, lastTerm, pos, 0);
    }

    /**
     * Whether the part of {@code [from, to)} inside some 512-byte sector is all zeros: a sector
     * the file system had not yet written back when the power went (writeback is not in file
     * order, and the file size may be persisted first). That can only happen in the unsynced end
     * of the file, and everything after it is unsynced too, since a sync covers the whole file;
     * so the log may be cut there like at a torn tail. This is etcd's torn-write rule; its risk
     * is mistaking a bit flip in a record that legitimately holds such a zero run for a torn
     * write, hence the minimum run length.
     */
    private boolean unwritten(long from, long to, long size) throws IOException {
        ByteBuffer b = file.readUpTo(from, (int) (Math.min(to, size) - from));
        for (long sector = from / SECTOR * SECTOR; sector < to; sector += SECTOR) {
            int lo = (int) (Math.max(from, sector) - from);
            int hi = (int) (Math.min(Math.min(to, size), sector + SECTOR) - from);
            if (hi - lo < MIN_ZERO_RUN) continue;
            boolean zero = true;
            for (int k = lo; zero && k < hi; k++) zero = b.get(k) == 0;
            if (zero) return true;
        }
        return false;
    }

    private ScanResult torn(long expected, long lastTerm, long pos, long size) {
        return new ScanResult(expected - 1, lastTerm, pos, size - pos);
    }

    StorageCorruptedException corrupted(long offset, String problem) {
        return new StorageCorruptedException(fs.describe(name), offset, problem);
    }

    /** Sequential read-ahead over the file for {@link #scan}. */
    private final class ScanWindow {
        private final long size;
        private ByteBuffer buf = ByteBuffer.allocate(0);
        private long start;

        ScanWindow(long size) {
            this.size = size;
        }

        ByteBuffer at(long pos, int length) throws IOException {
            if (pos < start || pos + length > start + buf.limit()) {
                int want = (int) Math.min(Math.max(length, SCAN_CHUNK), size - pos);
                buf = file.readUpTo(pos, Math.max(want, length));
                start = pos;
                if (buf.limit() < length) buf = ByteBuffer.allocate(length).put(buf).rewind();
            }
            return buf;
        }

        int offsetOf(long pos) {
            return (int) (pos - start);
        }

        boolean zerosUntilEnd(long pos) throws IOException {
            for (long p = pos; p < size; p += SCAN_CHUNK) {
                ByteBuffer chunk = file.readUpTo(p, (int) Math.min(SCAN_CHUNK, size - p));
                while (chunk.hasRemaining()) if (chunk.get() != 0) return false;
            }
            return true;
        }
    }

    /**
     * Appends {@code count} bytes of {@code src} from {@code position}: the suffix a snapshot
     * leaves, copied in the kernel. The log thread copies it while writes wait, so the copy went
     * from reads into 1 MB heap buffers to a file-to-file transfer (#24).
     */
    void appendFrom(LogSegment src, long position, long count) throws IOException {
        long n = file.copyFrom(src.file, position, count, end);
        if (n != count) throw new IOException("copied " + n + " of " + count + " log bytes from " + src);
        end += n;
    }

    void append(ByteBuffer records) throws IOException {
        int n = records.remaining();
        file.write(records, end);
        end += n;
    }

    /** Cuts the file at {@code offset}, the start of the first record to drop. */
    void truncate(long offset) throws IOException {
        file.truncate(offset);
        end = offset;
    }

    ByteBuffer read(long offset, int length) throws IOException {
        return file.readUpTo(offset, length);
    }

    /** Fills {@code dst} from {@code offset}, or as much of it as the file holds. */
    void readFully(ByteBuffer dst, long offset) throws IOException {
        while (dst.hasRemaining()) {
            if (file.read(dst, offset + dst.position()) < 0) return;
        }
    }

    void force() throws IOException {
        file.force();
    }

    LogHeader header() {
        return header;
    }

    /** Records that the file now lives under {@code newName} (after a rename over the live log). */
    void renamed(String newName) {
        name = newName;
    }

    String name() {
        return name;
    }

    long end() {
        return end;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
