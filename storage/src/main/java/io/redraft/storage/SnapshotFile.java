package io.redraft.storage;

import io.redraft.raft.SnapshotMeta;
import io.redraft.raft.SnapshotSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The snapshot RDB at {@code dir/dbfilename}, opaque to storage. New snapshots are written to a
 * temp name ({@code <dbfilename>.tmp.<pid>} locally, {@code .tmp.recv} when received) and installed
 * by {@link LogWriter#installSnapshot}, which makes the metadata and the file change together.
 */
public final class SnapshotFile {
    /** Size and CRC32C of an RDB, recorded in the metadata to tie the two together. */
    record Checksum(long size, int crc) {}

    private final FileSystem fs;
    private final FileNames names;
    private StoredSnapshotSource source;

    SnapshotFile(FileSystem fs, FileNames names) {
        this.fs = fs;
        this.names = names;
    }

    /** Starts a snapshot made by this node. */
    public SnapshotWriter beginLocal() throws IOException {
        return new SnapshotWriter(fs, names.dbLocalTemp(ProcessHandle.current().pid()));
    }

    /** Starts receiving a snapshot from the leader; restarts any earlier partial receive. */
    public SnapshotWriter beginReceive() throws IOException {
        return new SnapshotWriter(fs, names.dbReceiveTemp());
    }

    public String filename() {
        return names.db();
    }

    public boolean exists() throws IOException {
        return fs.exists(names.db());
    }

    /** Bytes of the current snapshot, 0 if none ({@code raft_snapshot_size}). */
    public long size() throws IOException {
        if (!exists()) return 0;
        try (StorageFile f = fs.open(names.db())) {
            return f.size();
        }
    }

    /** A chunk of the current snapshot, for sending it to a follower. */
    public ByteBuffer read(long position, int length) throws IOException {
        requireExists();
        try (StorageFile f = fs.open(names.db())) {
            return f.readUpTo(position, length);
        }
    }

    /** The whole current snapshot as a stream, for loading it. */
    public InputStream openStream() throws IOException {
        requireExists();
        StorageFile f = fs.open(names.db());
        return new InputStream() {
            private long pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                int n = f.read(ByteBuffer.wrap(b, off, len), pos);
                if (n > 0) pos += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                f.close();
            }
        };
    }

    private void requireExists() throws IOException {
        if (!exists()) throw new java.io.FileNotFoundException(fs.describe(names.db()));
    }

    Checksum checksum() throws IOException {
        try (StorageFile f = fs.open(names.db())) {
            return SnapshotWriter.checksum(f);
        }
    }

    /** Starts serving {@code meta}'s snapshot to followers; once recovery knows it. */
    void startSource(SnapshotMeta meta) throws IOException {
        source = new StoredSnapshotSource(meta, fs, names.db());
    }

    /** The snapshot now in place is {@code meta}'s: send it from now on. Log thread. */
    void published(SnapshotMeta meta) throws IOException {
        if (source != null) source.publish(meta, fs, names.db());
    }

    SnapshotSource source() {
        return source;
    }

    void closeSource() {
        if (source != null) source.close();
        source = null;
    }

    /** Puts a finished temp file in place: rename, then sync the directory so the rename lasts. */
    void moveIntoPlace(String tempName) throws IOException {
        fs.rename(tempName, names.db());
        fs.syncDirectory();
    }
}
