package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.LogStorage;
import io.redraft.raft.SnapshotMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The persisted Raft log: log file, index and cache, as the core reads it ({@link LogStorage}).
 *
 * <p>Two threads use it. The log thread ({@link LogWriter}) is the only writer; the node thread
 * reads. Reads see entries only up to the last durable one ({@link #markDurable()}), so the writer
 * may append past that point without taking the lock; operations that change bytes a reader could
 * be looking at (suffix truncation, prefix compaction) take the write lock.
 */
public final class DurableLog implements LogStorage {
    /** Largest single read when serving entries from disk. */
    private static final long RUN_BYTES = 4 << 20;
    /**
     * Records larger than this are written straight from the entry's array and read straight into
     * a new one, not through a staging buffer: a 512 MB value then costs its own size once more in
     * memory, not twice.
     */
    static final int DIRECT_RECORD = 1 << 20;
    /** Largest staging buffer for the smaller records of one write. */
    private static final int STAGE_BYTES = 4 << 20;
    /**
     * The log thread's staging buffer, kept from write to write and direct, so that the channel
     * writes from it without copying it into a temporary direct buffer first. A heap buffer
     * allocated per write was a fifth of a follower's allocation under 16 KB SETs, zeroed and
     * copied again (#24).
     */
    private ByteBuffer stage = ByteBuffer.allocateDirect(0);

    private final FileSystem fs;
    private final FileNames names;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final EntryCache cache;
    /** Terms of the entries after the snapshot, written or durable; guarded like the cache. */
    private final TermRuns terms;
    private volatile LogSegment segment;
    private volatile LogIndex index;
    private volatile SnapshotMeta snapshot;
    private volatile HardState hardState;
    private volatile long durableLast;
    /** Suffix truncations so far: a suffix copied ahead of one is stale. Written under the write lock. */
    private volatile long truncations;
    /** The suffix copied ahead of the next install, or null; taken whole by whoever uses or replaces it. */
    private final java.util.concurrent.atomic.AtomicReference<Prepared> prepared = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong preparedFiles = new java.util.concurrent.atomic.AtomicLong();
    /** Written (maybe not yet synced) end of the log; log thread only. */
    private long writtenLast;
    private long writtenLastTerm;

    DurableLog(FileSystem fs, FileNames names, LogSegment segment, LogIndex index, SnapshotMeta snapshot,
               HardState hardState, long lastIndex, long lastTerm, long maxCacheBytes, TermRuns terms) {
        this.fs = fs;
        this.names = names;
        this.segment = segment;
        this.index = index;
        this.snapshot = snapshot;
        this.hardState = hardState;
        this.cache = new EntryCache(maxCacheBytes);
        this.terms = terms;
        this.durableLast = lastIndex;
        this.writtenLast = lastIndex;
        this.writtenLastTerm = lastTerm;
    }

    // ---- LogStorage: node thread ----

    @Override
    public long firstIndex() {
        return snapshot.lastIndex() + 1;
    }

    @Override
    public long lastIndex() {
        return Math.max(durableLast, snapshot.lastIndex());
    }

    @Override
    public long term(long i) {
        SnapshotMeta s = snapshot;
        if (i == s.lastIndex()) return s.lastTerm();
        lock.readLock().lock();
        try {
            checkRange(i, i + 1);
            return terms.term(i);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        lock.readLock().lock();
        try {
            checkRange(from, to);
            List<Entry> out = new ArrayList<>();
            ArrayDeque<Entry> fromDisk = new ArrayDeque<>();
            long bytes = 0;
            for (long i = from; i < to; i++) {
                Entry e = cache.get(i);
                if (e == null) {
                    // The cache holds a suffix, so everything up to `to` is uncached here: read a run.
                    if (fromDisk.isEmpty()) readRun(i, to, Math.max(0, maxBytes - bytes), fromDisk);
                    e = fromDisk.poll();
                }
                bytes += e.sizeBytes();
                if (!out.isEmpty() && bytes > maxBytes) break;
                out.add(e);
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public SnapshotMeta snapshot() {
        return snapshot;
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    private void checkRange(long from, long to) {
        if (from < firstIndex() || to > lastIndex() + 1 || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside the persisted log ["
                    + firstIndex() + ", " + (lastIndex() + 1) + ")");
        }
    }

    private Entry readEntry(long i) {
        try {
            long[] at = index.offsetAndNext(i);
            long length = at[1] > at[0]
                    ? at[1] - at[0]
                    : RecordCodec.RECORD_PREFIX + (segment.read(at[0], 4).getInt() & 0xFFFFFFFFL);
            if (length > RecordCodec.RECORD_PREFIX + RecordCodec.MAX_BODY) {
                throw segment.corrupted(at[0], "entry " + i + " claims " + length + " bytes, more than a record can hold");
            }
            if (length > DIRECT_RECORD) return readLarge(at[0], (int) length, i);
            return decodeChecked(segment.read(at[0], (int) length), i, at[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("reading entry " + i + " of " + fs.describe(names.log()), e);
        }
    }

    /**
     * Reads consecutive entries from {@code from} (before {@code to}) with one index read and one
     * log read: about {@code budget} bytes' worth, at least one entry, at most {@link #RUN_BYTES}.
     */
    private void readRun(long from, long to, long budget, ArrayDeque<Entry> out) {
        int n = (int) Math.min(to - from, 1024);
        boolean endKnown = from + n <= index.lastIndexed();
        try {
            long[] offsets = index.offsets(from, endKnown ? n + 1 : n);
            int k = 0;
            while (k + 1 < offsets.length) {
                long size = offsets[k + 1] - offsets[0];
                if (k > 0 && (size > budget || size > RUN_BYTES)) break;
                k++;
            }
            if (k == 0 || (k == 1 && offsets[1] - offsets[0] > DIRECT_RECORD)) {
                // The last indexed entry (its end is not in the index), or one read without a run buffer.
                out.add(readEntry(from));
                return;
            }
            ByteBuffer run = segment.read(offsets[0], (int) (offsets[k] - offsets[0]));
            for (int j = 0; j < k; j++) {
                int start = (int) (offsets[j] - offsets[0]);
                out.add(decodeChecked(run.slice(start, (int) (offsets[j + 1] - offsets[j])), from + j, offsets[j]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading entries from " + from + " of " + fs.describe(names.log()), e);
        }
    }

    /** Reads a large record's data straight into the array the entry will own. */
    private Entry readLarge(long offset, int length, long expectedIndex) throws IOException {
        ByteBuffer head = segment.read(offset, RecordCodec.HEAD);
        if (head.remaining() < RecordCodec.HEAD || !RecordCodec.prefixValid(head, 0)
                || RecordCodec.RECORD_PREFIX + head.getInt(0) != length) {
            throw segment.corrupted(offset, "CRC mismatch reading entry " + expectedIndex);
        }
        byte[] data = new byte[length - RecordCodec.HEAD];
        ByteBuffer dst = ByteBuffer.wrap(data);
        segment.readFully(dst, offset + RecordCodec.HEAD);
        if (dst.hasRemaining() || !RecordCodec.headAndDataValid(head, data)) {
            throw segment.corrupted(offset, "CRC mismatch reading entry " + expectedIndex);
        }
        Entry e = RecordCodec.decode(head, data);
        if (e.index() != expectedIndex) {
            throw segment.corrupted(offset, "index points at entry " + e.index() + " for entry " + expectedIndex);
        }
        return e;
    }

    private Entry decodeChecked(ByteBuffer record, long expectedIndex, long offset) {
        if (record.remaining() < RecordCodec.RECORD_PREFIX || !RecordCodec.prefixValid(record, 0)
                || record.remaining() != RecordCodec.RECORD_PREFIX + record.getInt(0)
                || !RecordCodec.bodyValid(record, 0)) {
            throw segment.corrupted(offset, "CRC mismatch reading entry " + expectedIndex);
        }
        Entry e = RecordCodec.decodeBody(record);
        if (e.index() != expectedIndex) {
            throw segment.corrupted(offset, "index points at entry " + e.index() + " for entry " + expectedIndex);
        }
        return e;
    }

    // ---- log thread ----

    /**
     * Writes {@code entries} after the last written one. A batch starting at or before it replaces
     * the conflicting suffix first (Raft §5.3), as the core's unstable entries may do.
     */
    void write(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) return;
        long first = entries.getFirst().index();
        if (first <= snapshot.lastIndex()) {
            throw new IllegalArgumentException("entry " + first + " is covered by the snapshot at " + snapshot.lastIndex());
        }
        if (first <= writtenLast) truncateFrom(first);
        if (first != writtenLast + 1) {
            throw new IllegalArgumentException("entry " + first + " does not follow the last written entry " + writtenLast);
        }
        long stagedBytes = 0;
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            if (e.index() != first + k) throw new IllegalArgumentException("entries are not consecutive at " + e.index());
            if (e.data().length > RecordCodec.MAX_DATA) {
                // Written, it could never be read back: refuse it before it reaches the file.
                throw new IllegalArgumentException("entry " + e.index() + " holds " + e.data().length
                        + " bytes, more than a log record can (" + RecordCodec.MAX_DATA + ")");
            }
            int size = RecordCodec.recordSize(e);
            if (size <= DIRECT_RECORD) stagedBytes += size;
        }
        int want = (int) Math.min(stagedBytes, STAGE_BYTES);
        if (stage.capacity() < want) stage = ByteBuffer.allocateDirect(Math.max(want, Math.min(2 * stage.capacity(), STAGE_BYTES)));
        ByteBuffer buf = stage.clear();
        long[] offsets = new long[entries.size()];
        for (int k = 0; k < entries.size(); k++) {
            Entry e = entries.get(k);
            int size = RecordCodec.recordSize(e);
            if (size > DIRECT_RECORD || buf.remaining() < size) appendStaged(buf);
            offsets[k] = segment.end() + buf.position();
            if (size > DIRECT_RECORD) {
                segment.append(RecordCodec.encodeHead(e));
                segment.append(ByteBuffer.wrap(e.data()));
            } else {
                RecordCodec.encode(e, buf);
            }
        }
        appendStaged(buf);
        index.append(offsets, offsets.length);
        Entry last = entries.getLast();
        lock.writeLock().lock();
        try {
            for (Entry e : entries) {
                cache.add(e);
                terms.append(e.index(), e.term());
            }
        } finally {
            lock.writeLock().unlock();
        }
        writtenLast = last.index();
        writtenLastTerm = last.term();
    }

    private void appendStaged(ByteBuffer buf) throws IOException {
        if (buf.position() == 0) return;
        segment.append(buf.flip());
        buf.clear();
    }

    /**
     * Drops entries from {@code first} on, durably even with fsync off: otherwise an OS crash could
     * resurrect the old index slots under new records, and the index would disagree with the log.
     */
    private void truncateFrom(long first) throws IOException {
        long prevTerm = termAt(first - 1);
        lock.writeLock().lock();
        try {
            segment.truncate(index.offset(first));
            index.truncateAfter(first - 1);
            cache.truncateFrom(first);
            terms.truncateFrom(first);
            durableLast = Math.min(durableLast, first - 1);
            truncations++;
        } finally {
            lock.writeLock().unlock();
        }
        writtenLast = first - 1;
        writtenLastTerm = prevTerm;
        segment.force();
        index.force();
    }

    /** Term of a written entry, synced or not; log thread only. */
    long termAt(long i) {
        if (i == snapshot.lastIndex()) return snapshot.lastTerm();
        if (i == segment.header().prevIndex()) return segment.header().prevTerm();
        lock.readLock().lock();
        try {
            return terms.term(i);
        } finally {
            lock.readLock().unlock();
        }
    }

    void force() throws IOException {
        segment.force();
    }

    /** Makes everything written so far visible to readers; call after {@link #force()} (or instead, with fsync off). */
    void markDurable() {
        durableLast = writtenLast;
    }

    long writtenLast() {
        return writtenLast;
    }

    long writtenLastTerm() {
        return writtenLastTerm;
    }

    void setHardState(HardState hs) {
        hardState = hs;
    }

    /**
     * Continues the log from snapshot {@code s}, whose metadata is already durable: drops every
     * entry it covers, by copying the rest to {@code <log>.tmp} and renaming that over the log. If
     * the log does not contain the snapshot's last entry with its term, nothing of it can be kept
     * (Raft §7) and the log restarts empty after the snapshot.
     */
    void installSnapshot(SnapshotMeta s) throws IOException {
        boolean keepSuffix = s.lastIndex() <= writtenLast && termAt(s.lastIndex()) == s.lastTerm();
        lock.writeLock().lock();
        try {
            snapshot = s;
            if (!keepSuffix) {
                durableLast = s.lastIndex();
                cache.clear();
                terms.clear();
            }
        } finally {
            lock.writeLock().unlock();
        }
        rewriteFrom(s, keepSuffix);
    }

    private void rewriteFrom(SnapshotMeta s, boolean keepSuffix) throws IOException {
        Prepared p = prepared.getAndSet(null);
        boolean usable = p != null && keepSuffix && p.snapshot().equals(s) && p.from() == segment
                && p.truncations() == truncations && p.upTo() <= writtenLast;
        if (p != null && !usable) p.discard(fs);
        LogHeader header = segment.header().withPrev(s.lastIndex(), s.lastTerm());
        String logName = usable ? p.logName() : names.logTemp();
        String indexName = usable ? p.indexName() : names.indexTemp();
        LogSegment newSegment = usable ? p.segment() : LogSegment.create(fs, logName, header);
        LogIndex newIndex = usable ? p.index() : LogIndex.create(fs, indexName, header.dbid(), s.lastIndex());
        long newLast = s.lastIndex();
        long newLastTerm = s.lastTerm();
        if (usable) {
            // Only what was appended since the copy: the log thread's share of the work.
            if (writtenLast > p.upTo()) copySuffix(p.upTo() + 1, p.endOffset(), newSegment, newIndex);
            newLast = writtenLast;
            newLastTerm = writtenLastTerm;
        } else if (keepSuffix && writtenLast > s.lastIndex()) {
            copySuffix(s.lastIndex() + 1, index.offset(s.lastIndex() + 1), newSegment, newIndex);
            newLast = writtenLast;
            newLastTerm = writtenLastTerm;
        }
        // Renamed files must be synced first even with fsync off: after an OS crash a renamed but
        // unsynced file can come back empty, and then the whole log would be gone.
        newSegment.force();
        newIndex.force();
        lock.writeLock().lock();
        try {
            fs.rename(logName, names.log());
            fs.rename(indexName, names.index());
            fs.syncDirectory();
            newSegment.renamed(names.log());
            LogSegment oldSegment = segment;
            LogIndex oldIndex = index;
            segment = newSegment;
            index = newIndex;
            cache.dropThrough(s.lastIndex());
            terms.dropThrough(s.lastIndex());
            oldSegment.close();
            oldIndex.close();
        } finally {
            lock.writeLock().unlock();
        }
        writtenLast = newLast;
        writtenLastTerm = newLastTerm;
        durableLast = Math.max(Math.min(durableLast, newLast), s.lastIndex());
    }

    /**
     * Copies entries {@code from..writtenLast}, whose records start at {@code start}, to the end
     * of {@code to} (which holds the entries before {@code from} after the snapshot), with their
     * index slots.
     */
    private void copySuffix(long from, long start, LogSegment to, LogIndex toIndex) throws IOException {
        long shift = start - to.end();
        to.appendFrom(segment, start, segment.end() - start);
        copySlots(index, from, writtenLast, shift, toIndex);
    }

    private static void copySlots(LogIndex from, long first, long last, long shift, LogIndex to) throws IOException {
        for (long i = first; i <= last; ) {
            int n = (int) Math.min(8192, last - i + 1);
            long[] chunk = from.offsets(i, n);
            for (int k = 0; k < n; k++) chunk[k] -= shift;
            to.append(chunk, n);
            i += n;
        }
    }

    /**
     * A suffix copied ahead of the install of {@code snapshot}: entries after it up to
     * {@code upTo}, whose records ended at {@code endOffset} in {@code from}, in the files
     * {@code logName} and {@code indexName}, synced.
     */
    private record Prepared(SnapshotMeta snapshot, LogSegment from, long truncations, long upTo, long endOffset,
                            LogSegment segment, LogIndex index, String logName, String indexName) {
        void discard(FileSystem fs) {
            try {
                segment.close();
                index.close();
                fs.delete(logName);
                fs.delete(indexName);
            } catch (IOException ignored) {
                // Left for recovery's sweep of temp files.
            }
        }
    }

    /**
     * Any thread but the log thread (the snapshot writer, once the RDB is written): copies the
     * entries after {@code s} that are durable now into a new log file, so that the install of
     * {@code s} on the log thread copies only what was appended since. Under a heavy write load a
     * snapshot of a large dataset takes seconds, and the log thread copying the whole suffix
     * written meanwhile held every write for that long: up to 5 s with 1 MB values (#24).
     * Returns whether a suffix was prepared; the install copies everything itself when not, or
     * when the log was truncated or rewritten since.
     */
    public boolean prepareCompaction(SnapshotMeta s) {
        LogSegment from;
        LogIndex fromIndex;
        long upTo;
        long t;
        lock.readLock().lock();
        try {
            from = segment;
            fromIndex = index;
            upTo = durableLast;
            t = truncations;
        } finally {
            lock.readLock().unlock();
        }
        if (upTo <= s.lastIndex() || snapshot.lastIndex() >= s.lastIndex()) return false;
        Prepared old = prepared.getAndSet(null);
        if (old != null) old.discard(fs);
        long n = preparedFiles.incrementAndGet();
        String logName = names.logPrepared(n);
        String indexName = names.indexPrepared(n);
        LogSegment seg = null;
        LogIndex idx = null;
        try {
            long[] bounds = fromIndex.offsetAndNext(upTo);
            long start = fromIndex.offset(s.lastIndex() + 1);
            long end = bounds[1] >= 0 ? bounds[1] : recordEnd(from, bounds[0]);
            LogHeader header = from.header().withPrev(s.lastIndex(), s.lastTerm());
            seg = LogSegment.create(fs, logName, header);
            idx = LogIndex.create(fs, indexName, header.dbid(), s.lastIndex());
            long shift = start - seg.end();
            seg.appendFrom(from, start, end - start);
            copySlots(fromIndex, s.lastIndex() + 1, upTo, shift, idx);
            seg.force();
            idx.force();
            Prepared p = new Prepared(s, from, t, upTo, end, seg, idx, logName, indexName);
            Prepared raced = prepared.getAndSet(p);
            if (raced != null) raced.discard(fs);
            return true;
        } catch (IOException | RuntimeException e) {
            // The log moved on under us (rewritten, truncated, closed): the install copies it all.
            try {
                if (seg != null) seg.close();
                if (idx != null) idx.close();
                fs.delete(logName);
                fs.delete(indexName);
            } catch (IOException ignored) {
                // recovery sweeps the temp files
            }
            return false;
        }
    }

    private static long recordEnd(LogSegment seg, long offset) throws IOException {
        ByteBuffer prefix = seg.read(offset, 4);
        if (prefix.remaining() < 4) throw new IOException("record at " + offset + " is cut short");
        return offset + RecordCodec.RECORD_PREFIX + prefix.getInt(0);
    }

    /** Bytes in the log file ({@code raft_file_size}). */
    public long fileSize() {
        return segment.end();
    }

    /** Bounds the entry cache to {@code maxBytes} (0 = unbounded), evicting the oldest at once. */
    public void setMaxCacheBytes(long maxBytes) {
        lock.writeLock().lock();
        try {
            cache.setMaxBytes(maxBytes);
        } finally {
            lock.writeLock().unlock();
        }
    }

    public int cacheEntries() {
        lock.readLock().lock();
        try {
            return cache.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public long cacheBytes() {
        lock.readLock().lock();
        try {
            return cache.bytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Flushes the index too, for a clean shutdown, then closes both files. */
    void close() throws IOException {
        Prepared p = prepared.getAndSet(null);
        if (p != null) p.discard(fs); // never installed: nothing of it is needed
        lock.writeLock().lock();
        try {
            segment.force();
            index.force();
            segment.close();
            index.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
