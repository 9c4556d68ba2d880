package io.redraft.server.raft;

import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;
import io.redraft.server.log.LogSetup;
import io.redraft.server.node.ClientSession;
import io.redraft.storage.SnapshotWriter;
import io.redraft.store.Keyspace;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.session.SessionTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;

/**
 * Snapshots of the keyspace (Raft §7) as Redis RDB files at {@code dir/dbfilename}, Raft state in
 * AUX fields (see {@link SnapshotMetadata}): taken when the log outgrows
 * {@code raft.log-max-file-size} or on RAFT.DEBUG COMPACT, streamed by the leader to followers
 * behind the compaction point, installed by followers, loaded at start.
 *
 * <p>Taking one does not stop the node: the node thread opens the store's copy-on-write view
 * (a few microseconds: 16384 references) and a writer thread serialises it (RedisRaft forks
 * instead). When the file is written, the node thread installs it through storage and tells the
 * core. See docs/snapshots.md.
 */
final class Snapshots {
    private static final Logger log = LogSetup.raft("snapshot");

    private final RaftRuntime rt;
    private SnapshotWriter receiving;
    private ExecutorService writerThread;
    /** The local snapshot being written, or null. Node thread only. */
    private SnapshotJob job;
    /** RAFT.DEBUG COMPACT callers waiting for the snapshot in progress. */
    private final List<ClientSession> waiters = new ArrayList<>();
    long created;
    long received;
    long lastTimeSecs = -1;

    Snapshots(RaftRuntime rt) {
        this.rt = rt;
    }

    /** The core asked for a snapshot at {@code meta.lastIndex()}, which is what has been applied. */
    void take(SnapshotMeta meta) {
        if (job != null) { // the core asks for one at a time; be safe anyway
            rt.raft.snapshotFailed();
            return;
        }
        SnapshotWriter w;
        try {
            w = rt.storage.snapshotFile().beginLocal();
        } catch (IOException e) {
            log.warn("Snapshot at index {} failed: {}", meta.lastIndex(), e.toString());
            rt.raft.snapshotFailed();
            return;
        }
        Keyspace view = rt.store.openSnapshotView();
        job = new SnapshotJob(meta, SnapshotMetadata.of(rt.dbid(), meta, rt.sessions.encode()), view, w,
                rt.config.dir().resolve(w.tempName()), rt.storage);
        if (writerThread == null) {
            writerThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "snapshot-writer");
                t.setDaemon(true);
                return t;
            });
        }
        SnapshotJob j = job;
        writerThread.execute(() -> {
            Throwable failure = j.write();
            rt.node.execute(() -> written(j, failure));
        });
        log.info("Snapshot at index {} term {} started", meta.lastIndex(), meta.lastTerm());
    }

    /** Node thread: the writer finished (or failed); install the file and tell the core. */
    private void written(SnapshotJob j, Throwable failure) {
        if (j != job) return;
        job = null;
        rt.store.releaseSnapshotView();
        String error = null;
        try {
            if (failure != null) throw failure;
            if (rt.raft == null || rt.storage != j.storage()) throw new IOException("the node left its cluster");
            if (rt.storage.log().snapshot().lastIndex() >= j.meta().lastIndex()) {
                throw new IOException("a newer snapshot was installed meanwhile");
            }
            // The file is already fsynced by the writer, so this is metadata, a rename and the log
            // suffix copy: short enough for the node thread, which must not read the log mid-swap.
            long installStart = System.nanoTime();
            rt.storage.writer().installSnapshot(j.file(), j.meta()).get();
            long installMillis = (System.nanoTime() - installStart) / 1_000_000L;
            rt.raft.snapshotTaken(j.meta());
            created++;
            lastTimeSecs = j.elapsedSecs();
            publish();
            log.info("Snapshot taken at index {} term {}: {} bytes written in {} ms, installed in {} ms (node thread)",
                    j.meta().lastIndex(), j.meta().lastTerm(), j.bytes(), j.elapsedMillis(), installMillis);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("Snapshot at index {} failed: {}", j.meta().lastIndex(), error);
            j.abort();
            if (rt.raft != null) rt.raft.snapshotFailed();
        }
        List<ClientSession> done = new ArrayList<>(waiters);
        waiters.clear();
        rt.drive();
        for (ClientSession s : done) {
            if (error == null) rt.node.sink(s).status("OK");
            else rt.node.sink(s).error("ERR snapshot failed: " + error.replace('\r', ' ').replace('\n', ' '));
            rt.node.complete(s);
        }
    }

    boolean inProgress() {
        return job != null;
    }

    SnapshotMeta inProgressMeta() {
        return job == null ? null : job.meta();
    }

    /** RAFT.DEBUG COMPACT without async: answer {@code s} once the snapshot in progress is done. */
    void awaitCompletion(ClientSession s) {
        waiters.add(s);
        rt.node.block(s);
    }

    /** Bytes of a snapshot the leader is sending us, written at their offset. */
    void chunk(SnapshotChunk c) {
        try {
            if (c.offset() == 0) {
                abortQuietly(receiving);
                receiving = rt.storage.snapshotFile().beginReceive();
            }
            if (receiving == null) return;
            receiving.write(c.offset(), ByteBuffer.wrap(c.data()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The whole snapshot arrived. It is parsed (CRC64 checked) before anything changes; then
     * storage makes it ours (fsync, metadata, rename: the commit point) and only then is the old
     * keyspace dropped.
     */
    void install(SnapshotMeta partial) {
        try {
            if (receiving == null) throw new IOException("no snapshot bytes received");
            Path temp = rt.config.dir().resolve(receiving.tempName());
            RdbContents contents = RdbReader.read(temp);
            SnapshotMeta meta = SnapshotMetadata.toMeta(contents.raft(), temp.toString());
            if (meta.lastIndex() != partial.lastIndex() || meta.lastTerm() != partial.lastTerm()) {
                throw new IOException("received snapshot is " + meta.lastIndex() + "@" + meta.lastTerm() + ", expected "
                        + partial.lastIndex() + "@" + partial.lastTerm());
            }
            if (!contents.raft().dbid().equals(rt.dbid())) {
                throw new IOException("received snapshot belongs to cluster " + contents.raft().dbid());
            }
            rt.storage.writer().installSnapshot(receiving, meta).get();
            receiving = null;
            rt.store.install(contents.keyspace());
            rt.sessions = SessionTable.decode(contents.raft().sessions());
            rt.appliedIndex = meta.lastIndex();
            rt.raft.snapshotInstalled(meta);
            received++;
            publish();
            log.info("Snapshot received and loaded at index {} term {}: {} keys", meta.lastIndex(), meta.lastTerm(),
                    rt.store.size());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            // Without the snapshot the node cannot go on consistently: RedisRaft aborts too.
            throw new IllegalStateException("failed to install the received snapshot", e);
        }
    }

    /** Loads the keyspace from the snapshot file, if storage has one; returns its last index. */
    long load() throws IOException {
        SnapshotMeta meta = rt.storage.log().snapshot();
        if (meta.lastIndex() == 0) return 0;
        Path file = rt.config.dir().resolve(rt.storage.snapshotFile().filename());
        RdbContents contents = RdbReader.read(file);
        SnapshotMeta inFile = SnapshotMetadata.toMeta(contents.raft(), file.toString());
        // Storage already matched the file's size and CRC32C with its metadata; this catches a
        // file copied in from elsewhere.
        if (!contents.raft().dbid().equals(rt.storage.dbid())) {
            throw new IOException(file + " belongs to cluster " + contents.raft().dbid() + ", the log to "
                    + rt.storage.dbid());
        }
        if (inFile.lastIndex() != meta.lastIndex() || inFile.lastTerm() != meta.lastTerm()) {
            throw new IOException(file + " is snapshot " + inFile.lastIndex() + "@" + inFile.lastTerm()
                    + " but the metadata names " + meta.lastIndex() + "@" + meta.lastTerm());
        }
        rt.store.install(contents.keyspace());
        rt.sessions = SessionTable.decode(contents.raft().sessions());
        rt.appliedIndex = meta.lastIndex();
        log.info("Loaded snapshot {} at index {} term {}: {} keys", file, meta.lastIndex(), meta.lastTerm(),
                rt.store.size());
        return meta.lastIndex();
    }

    /**
     * Lets the leader stream our latest snapshot to followers that need it. Storage's source pins
     * the file a transfer started with, so a newer snapshot installed mid-transfer cannot mix in.
     */
    void publish() {
        if (rt.storage.log().snapshot().lastIndex() == 0) return;
        rt.raft.setSnapshotSource(rt.storage.snapshotSource());
    }

    long fileSize() {
        try {
            return rt.storage != null && rt.storage.snapshotFile().exists() ? rt.storage.snapshotFile().size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stops the writer thread (shutdown); an unfinished temp file is deleted at the next start. */
    void close() {
        if (writerThread != null) writerThread.shutdownNow();
    }

    static void abortQuietly(SnapshotWriter w) {
        if (w == null) return;
        try {
            w.abort();
        } catch (IOException e) {
            // the temp file is deleted at the next start anyway
        }
    }
}
