package io.redraft.storage;

import io.redraft.raft.SnapshotMeta;
import io.redraft.raft.SnapshotSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot as the leader streams it ({@code RAFT.SNAPSHOT}), safe against a new snapshot being
 * installed mid-transfer. Reading {@code dbfilename} by name would not be: after the log thread
 * renames a new RDB into place, chunks of the new file would go out labelled with the old meta
 * and the follower would assemble a mix of two snapshots. Instead each installed snapshot is
 * <em>pinned</em>: its meta together with an open handle on its file (which survives the rename,
 * as RedisRaft's mmap does). {@link #meta()} moves to the newest pin; {@link #size()} and
 * {@link #read} answer from the pin {@code meta()} last returned, which is the one the core
 * checks before it sends chunks.
 *
 * <p>{@link #publish} runs on the log thread, everything else on the node thread.
 */
final class StoredSnapshotSource implements SnapshotSource {
    /** One snapshot and an open handle on its file; closed by whoever claims it last. */
    private static final class Pin {
        final SnapshotMeta meta;
        final StorageFile file;
        final long size;
        final AtomicBoolean claimed = new AtomicBoolean();

        Pin(SnapshotMeta meta, StorageFile file, long size) {
            this.meta = meta;
            this.file = file;
            this.size = size;
        }

        void close() {
            if (file == null) return;
            try {
                file.close();
            } catch (IOException ignored) {
                // a read-only handle; nothing is lost
            }
        }
    }

    private final AtomicReference<Pin> latest = new AtomicReference<>();
    private Pin served;

    StoredSnapshotSource(SnapshotMeta meta, FileSystem fs, String dbName) throws IOException {
        publish(meta, fs, dbName);
    }

    /** Makes the snapshot now at {@code dbName} the one to send; log thread, after the rename. */
    void publish(SnapshotMeta meta, FileSystem fs, String dbName) throws IOException {
        Pin pin;
        if (meta.lastIndex() == 0 || !fs.exists(dbName)) {
            pin = new Pin(meta, null, 0);
        } else {
            StorageFile f = fs.open(dbName);
            pin = new Pin(meta, f, f.size());
        }
        Pin old = latest.getAndSet(pin);
        // Never handed out: nobody else will close it.
        if (old != null && old.claimed.compareAndSet(false, true)) old.close();
    }

    @Override
    public SnapshotMeta meta() {
        while (true) {
            Pin newest = latest.get();
            if (newest == served) return served.meta;
            if (newest.claimed.compareAndSet(false, true)) {
                if (served != null) served.close();
                served = newest;
                return served.meta;
            }
            // The log thread superseded and closed it between our two reads; a newer one is out.
        }
    }

    @Override
    public long size() {
        return pin().size;
    }

    @Override
    public byte[] read(long offset, int max) {
        Pin p = pin();
        try {
            // Straight into the chunk's array: a buffer read then copied out cost a second fresh
            // allocation and copy per chunk, a quarter of the leader's node thread while it sent a
            // 1 GB snapshot (#24).
            byte[] out = new byte[(int) Math.max(0, Math.min(max, p.size - offset))];
            ByteBuffer b = ByteBuffer.wrap(out);
            while (b.hasRemaining()) {
                if (p.file.read(b, offset + b.position()) < 0) return java.util.Arrays.copyOf(out, b.position());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("reading snapshot " + p.meta, e);
        }
    }

    private Pin pin() {
        if (served == null) meta();
        return served;
    }

    void close() {
        Pin p = latest.get();
        if (p != null && p != served && p.claimed.compareAndSet(false, true)) p.close();
        if (served != null) served.close();
    }
}
