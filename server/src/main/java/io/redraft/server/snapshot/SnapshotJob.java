package io.redraft.server.snapshot;

import io.redraft.raft.SnapshotMeta;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.SnapshotWriter;
import io.redraft.store.Keyspace;
import io.redraft.store.rdb.RaftMetadata;
import io.redraft.store.rdb.RdbExtras;
import io.redraft.store.rdb.RdbWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One local snapshot: the store's frozen view written as RDB into storage's temp file on the
 * writer thread. Everything it reads (view, metadata) is fixed when the job is created; the node
 * thread does not touch the job until {@link #write} has returned and posted back.
 */
final class SnapshotJob {
    private final SnapshotMeta meta;
    private final RaftMetadata raft;
    private final Keyspace view;
    private final RdbExtras extras;
    private final SnapshotWriter file;
    private final Path path;
    private final NodeStorage storage;
    /** RedisRaft's hidden test knobs {@code snapshot-delay} (seconds) and {@code snapshot-fail}. */
    private final long delaySeconds;
    private final boolean fail;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile long bytes;
    /** When storage was handed the file; node thread. */
    private long installNanos;

    SnapshotJob(SnapshotMeta meta, RaftMetadata raft, Keyspace view, RdbExtras extras, SnapshotWriter file, Path path, NodeStorage storage,
                long delaySeconds, boolean fail) {
        this.delaySeconds = delaySeconds;
        this.fail = fail;
        this.meta = meta;
        this.raft = raft;
        this.view = view;
        this.extras = extras;
        this.file = file;
        this.path = path;
        this.storage = storage;
    }

    /** Writer thread: serialise and fsync. Returns the failure, or null. */
    Throwable write() {
        try {
            SnapshotHooks.beforeWrite.run();
            if (delaySeconds > 0) Thread.sleep(delaySeconds * 1000L); // a test knob: hold the snapshot in progress
            if (fail) throw new IOException("debug rdbSave() failed");
            BufferedOutputStream out = new BufferedOutputStream(file.asStream(), 1 << 20);
            bytes = RdbWriter.write(view, raft, extras, System.currentTimeMillis(), out);
            out.flush();
            // fsync here, off the node thread, so storage's own sync at install finds nothing to do.
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            // And copy the log suffix to keep, so the install on the log thread copies only
            // what is appended from now on (#24).
            if (storage.log() != null) storage.log().prepareCompaction(meta);
            return null;
        } catch (Throwable t) {
            return t;
        } finally {
            endNanos = System.nanoTime();
        }
    }

    void abort() {
        Snapshots.abortQuietly(file);
    }

    SnapshotMeta meta() {
        return meta;
    }

    SnapshotWriter file() {
        return file;
    }

    NodeStorage storage() {
        return storage;
    }

    long bytes() {
        return bytes;
    }

    long elapsedMillis() {
        return (endNanos - startNanos) / 1_000_000L;
    }

    /** Node thread time this snapshot cost (view, hand-off, completion); node thread only. */
    private long nodeNanos;

    void nodeThreadNanos(long n) {
        nodeNanos += n;
    }

    long nodeThreadMicros() {
        return nodeNanos / 1000L;
    }

    void installStarted() {
        installNanos = System.nanoTime();
    }

    long installMillis() {
        return (System.nanoTime() - installNanos) / 1_000_000L;
    }

    long elapsedSecs() {
        return (endNanos - startNanos) / 1_000_000_000L;
    }
}
