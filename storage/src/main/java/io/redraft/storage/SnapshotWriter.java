package io.redraft.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A snapshot RDB being written to its temp file: by the local snapshotter (appending) or by a
 * follower receiving {@code RAFT.SNAPSHOT} chunks (writing at offsets). Contents are opaque.
 * Hand it to {@link LogWriter#installSnapshot} to make it the snapshot, or {@link #abort()} it.
 */
public final class SnapshotWriter implements AutoCloseable {
    private final FileSystem fs;
    private final String tempName;
    private final StorageFile file;
    private long end;
    private boolean finished;
    /**
     * The checksum of the bytes so far, kept while every write lands at the end (a local
     * snapshot, a transfer received in order): the install then need not read the whole file
     * back, a second of a 1 GB snapshot's install (#24). Null once a write went elsewhere.
     */
    private CRC32C running = new CRC32C();
    /** fdatasync after this many bytes written since the last one; 0: only at {@link #finish}. */
    private long syncEvery;
    private long unsynced;

    /**
     * Redis's 4 MB step of {@code rdb-save-incremental-fsync}: small enough that the log's own
     * fsyncs cannot be made to wait behind hundreds of MB of this file's dirty pages (ext4 may
     * commit them in the same journal transaction), large enough to cost a few percent of the save.
     */
    public static final long INCREMENTAL_SYNC_BYTES = 4L << 20;

    SnapshotWriter(FileSystem fs, String tempName) throws IOException {
        this.fs = fs;
        this.tempName = tempName;
        this.file = fs.open(tempName);
        file.truncate(0);
    }

    /**
     * Syncs the file every {@code bytes} written as it is written (Redis's
     * {@code rdb-save-incremental-fsync}), not only at the end, so that a snapshot's hundreds of
     * MB are never left dirty for the kernel to write back while the log fsyncs (#24). Only for a
     * writer off the node thread: a sync takes milliseconds.
     */
    public SnapshotWriter syncEvery(long bytes) {
        this.syncEvery = bytes;
        return this;
    }

    /** Writes {@code chunk} at {@code position} (chunks may arrive in any order). */
    public void write(long position, ByteBuffer chunk) throws IOException {
        int length = chunk.remaining();
        long to = position + length;
        if (running != null && position == end) {
            running.update(chunk.duplicate());
        } else {
            running = null;
        }
        file.write(chunk, position);
        end = Math.max(end, to);
        if (syncEvery > 0 && (unsynced += length) >= syncEvery) {
            file.force();
            unsynced = 0;
        }
    }

    public void append(ByteBuffer bytes) throws IOException {
        write(end, bytes);
    }

    /** An unbuffered stream appending to the file; wrap it in a BufferedOutputStream. */
    public OutputStream asStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                append(ByteBuffer.wrap(new byte[] {(byte) b}));
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                append(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    public String tempName() {
        return tempName;
    }

    /** Drops the temp file; used when the snapshot fails or is superseded. */
    public void abort() throws IOException {
        if (!finished) {
            finished = true;
            file.close();
        }
        fs.delete(tempName);
    }

    @Override
    public void close() throws IOException {
        if (!finished) abort();
    }

    /** Syncs and closes the temp file and returns its size and checksum. */
    SnapshotFile.Checksum finish() throws IOException {
        file.force();
        SnapshotFile.Checksum sum = running != null && file.size() == end
                ? new SnapshotFile.Checksum(end, (int) running.getValue()) : checksum(file);
        finished = true;
        file.close();
        return sum;
    }

    static SnapshotFile.Checksum checksum(StorageFile f) throws IOException {
        CRC32C crc = new CRC32C();
        long size = f.size();
        for (long pos = 0; pos < size; pos += 1 << 20) {
            crc.update(f.readUpTo(pos, (int) Math.min(1 << 20, size - pos)));
        }
        return new SnapshotFile.Checksum(size, (int) crc.getValue());
    }
}
