package io.redraft.server.snapshot;

import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.log.LogSetup;
import io.redraft.server.node.ClientSession;
import io.redraft.storage.SnapshotWriter;
import io.redraft.store.Keyspace;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.session.SessionTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
public final class Snapshots {
    private static final Logger log = LogSetup.raft("snapshot");
    /** How long a streamed parse waits for the next chunk before leaving the file to the install. */
    private static final long STREAM_IDLE_NANOS = 30_000_000_000L;
    /** How much of a transfer arrives between two syncs of it on the loader thread. */
    private static final long SYNC_AHEAD_BYTES = 64L << 20;

    private final RaftRuntime rt;
    private SnapshotWriter receiving;
    /** The parse of {@link #receiving} running while it arrives, or null. Node thread only. */
    private StreamedParse streaming;
    private ExecutorService writerThread;
    /** Parses received snapshots (and dumps to import) off the node thread. */
    private ExecutorService loaderThread;
    /** The local snapshot being written or installed, or null. Node thread only. */
    private SnapshotJob job;
    /** The core's view of the log; raised while storage installs a local snapshot. */
    private SnapshotFence fence;
    /** A received snapshot being parsed on the loader thread, or null. Node thread only. */
    private SnapshotMeta loading;
    /** When the first chunk of the transfer being received arrived (System.nanoTime). */
    private long receiveStart;
    /** Bytes of the transfer written since the loader last synced the file (see {@link #syncAhead}). */
    private long receivedUnsynced;
    private final java.util.concurrent.atomic.AtomicBoolean syncAheadQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The load of a received snapshot that {@code raft.snapshot-disable-load} holds back, or null. */
    private Runnable heldLoad;
    /** Seeding the cluster from a Redis dump, or null (see {@link SnapshotImport}). */
    private SnapshotImport importing;
    /** RAFT.DEBUG COMPACT callers waiting for the snapshot in progress. */
    private final List<ClientSession> waiters = new ArrayList<>();
    private long created;
    private long received;
    /** Failed local snapshots and their back-off. */
    private final CompactionRetry retry = new CompactionRetry();
    private long lastTimeSecs = -1;

    /** INFO {@code raft_snapshots_created}, {@code _received}, {@code raft_snapshot_time_secs}, failures. */
    public long created() { return created; }
    public long received() { return received; }
    public long lastTimeSecs() { return lastTimeSecs; }
    public CompactionRetry retry() { return retry; }

    public Snapshots(RaftRuntime rt) {
        this.rt = rt;
    }

    /** The core asked for a snapshot at {@code meta.lastIndex()}, which is what has been applied. */
    public void take(SnapshotMeta meta) {
        long t0 = System.nanoTime();
        if (job != null) { // the core asks for one at a time; be safe anyway
            rt.core().snapshotFailed();
            return;
        }
        SnapshotWriter w;
        try {
            w = rt.storage().snapshotFile().beginLocal();
            if (rt.config().bool("rdb-save-incremental-fsync")) w.syncEvery(SnapshotWriter.INCREMENTAL_SYNC_BYTES);
        } catch (IOException e) {
            log.warn("Snapshot at index {} failed: {}", meta.lastIndex(), e.toString());
            rt.core().snapshotFailed();
            failed(!waiters.isEmpty());
            return;
        }
        Keyspace view = rt.store().openSnapshotView();
        job = new SnapshotJob(meta, SnapshotMetadata.of(rt.dbid(), meta, rt.sessions().encode(), rt.shards().snapshotData())
                .withAcl(rt.node().context().acl.encode()), view, rt.store().snapshotExtras(), w,
                rt.config().dir().resolve(w.tempName()), rt.storage(), rt.config().snapshotDelaySeconds(), rt.config().snapshotFail());
        if (writerThread == null) writerThread = daemon("snapshot-writer");
        SnapshotJob j = job;
        j.nodeThreadNanos(System.nanoTime() - t0);
        writerThread.execute(() -> {
            Throwable failure = j.write();
            rt.node().execute(() -> written(j, failure));
        });
        log.info("Snapshot at index {} term {} started", meta.lastIndex(), meta.lastTerm());
    }

    /**
     * Node thread: the writer finished (or failed). Storage installs the file on its log thread
     * (CRC, metadata, rename, log rewrite: 80-430 ms at 1M keys) while this thread goes on serving;
     * the fence keeps the core off the log prefix being dropped meanwhile.
     */
    private void written(SnapshotJob j, Throwable failure) {
        if (j != job) return;
        long t0 = System.nanoTime();
        rt.store().releaseSnapshotView();
        try {
            if (failure != null) throw failure;
            if (rt.core() == null || rt.storage() != j.storage()) throw new Superseded("the node left its cluster");
            if (fence.snapshot().lastIndex() >= j.meta().lastIndex()) {
                throw new Superseded("a newer snapshot was installed meanwhile");
            }
            j.installStarted();
            CompletableFuture<Void> done = rt.storage().writer().installSnapshot(j.file(), j.meta());
            fence.raise(j.meta());
            j.nodeThreadNanos(System.nanoTime() - t0);
            done.whenComplete((v, e) -> rt.node().execute(() -> installed(j, e)));
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            finish(j, e);
        }
    }

    /** Node thread: storage made the local snapshot durable (or failed to). */
    private void installed(SnapshotJob j, Throwable failure) {
        if (j != job) return;
        long t0 = System.nanoTime();
        fence.lower();
        finish(j, failure);
        j.nodeThreadNanos(System.nanoTime() - t0);
        if (failure == null) log.info("Snapshot at index {}: node thread busy {} us in all (view, hand-off, completion)",
                j.meta().lastIndex(), j.nodeThreadMicros());
    }

    /** A local snapshot made pointless by events rather than by a fault. */
    private static final class Superseded extends IOException {
        Superseded(String why) {
            super(why);
        }
    }

    private void finish(SnapshotJob j, Throwable failure) {
        job = null;
        String error = null;
        boolean ours = rt.core() != null && rt.storage() == j.storage();
        if (failure == null && ours) {
            rt.core().snapshotTaken(j.meta());
            created++;
            lastTimeSecs = j.elapsedSecs();
            publish();
            log.info("Snapshot taken at index {} term {}: {} bytes written in {} ms, installed by storage in {} ms",
                    j.meta().lastIndex(), j.meta().lastTerm(), j.bytes(), j.elapsedMillis(), j.installMillis());
            retry.succeeded();
            if (importing != null) importing.snapshotTaken();
        } else {
            Throwable e = failure != null ? failure : new Superseded("the node left its cluster");
            if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) e = e.getCause();
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            // Overtaken by events (the leader's snapshot arrived first, the node left) is routine.
            if (e instanceof Superseded) {
                log.info("Snapshot at index {} dropped: {}", j.meta().lastIndex(), error);
                retry.cancel();
            } else {
                failed(!waiters.isEmpty());
                log.warn("Snapshot at index {} failed: {}{}", j.meta().lastIndex(), error, retry.pending()
                        ? "; retrying in " + retry.backoffMillis() + " ms" : "");
            }
            j.abort();
            if (ours) rt.core().snapshotFailed();
            if (importing != null) importing.snapshotFailed();
        }
        List<ClientSession> done = new ArrayList<>(waiters);
        waiters.clear();
        rt.drive();
        for (ClientSession s : done) {
            if (error == null) rt.node().sink(s).status("OK");
            // RedisRaft sends the snapshot child's failure text as it is, without an ERR prefix
            else rt.node().sink(s).error(error.replace('\r', ' ').replace('\n', ' '));
            rt.node().complete(s);
        }
    }

    /** A local snapshot failed; {@code told}: a waiting COMPACT caller gets the error, so no retry. */
    private void failed(boolean told) {
        retry.failed(!told, System.nanoTime());
    }

    /**
     * Every tick: asks the core for a snapshot when the log is past {@code raft.log-max-file-size},
     * or to retry one that failed, unless a failure's back-off is still running.
     */
    public void tick(boolean logTooBig) {
        long now = System.nanoTime();
        // A transfer the leader abandoned must not keep a parser waiting (and its partial keyspace
        // alive) forever; if the transfer does resume, the install parses the whole file.
        if (streaming != null && streaming.idleFor(STREAM_IDLE_NANOS, now)) stopStreaming();
        if (job != null || !retry.mayAttempt(now)) return;
        if (!logTooBig && !retry.retryDue(now)) return;
        // The core refuses when nothing was applied since the last snapshot: nothing to retry.
        if (!rt.core().requestCompaction() && !logTooBig) retry.cancel();
    }

    /** Seeding the cluster from a Redis dump starts (INIT, or a restart that resumes one). */
    void importStarted(SnapshotImport i) {
        importing = i;
    }

    /** The dump is the cluster's first snapshot. */
    void importDone() {
        importing = null;
    }

    /** Every tick and after applying entries: an import asks for its snapshot once it may. */
    public void importTick() {
        if (importing != null) importing.applied();
    }

    /** Whether an automatic snapshot (an import's) may be asked for now, i.e. no back-off is running. */
    boolean mayRequest() {
        return job == null && retry.mayAttempt(System.nanoTime());
    }

    public boolean inProgress() {
        return job != null;
    }

    public SnapshotMeta inProgressMeta() {
        return job == null ? null : job.meta();
    }

    /** RAFT.DEBUG COMPACT without async: answer {@code s} once the snapshot in progress is done. */
    public void awaitCompletion(ClientSession s) {
        waiters.add(s);
        rt.node().block(s);
    }

    /** Bytes of a snapshot the leader is sending us, written at their offset. */
    public void chunk(SnapshotChunk c) {
        // The core sends no chunks while we install (it ignores the leader's), and the file being
        // parsed must not be truncated by a new transfer.
        if (loading != null) return;
        try {
            if (c.offset() == 0) {
                abortQuietly(receiving);
                stopStreaming();
                receiving = rt.storage().snapshotFile().beginReceive();
                receiveStart = System.nanoTime();
                receivedUnsynced = 0;
                streaming = StreamedParse.start(rt.config().dir().resolve(receiving.tempName()));
            }
            if (receiving == null) return;
            receiving.write(c.offset(), ByteBuffer.wrap(c.data()));
            if (streaming != null) streaming.grew(c.offset(), c.data().length);
            receivedUnsynced += c.data().length;
            if (receivedUnsynced >= SYNC_AHEAD_BYTES) syncAhead(receiving);
            // In the file now, and nothing else holds the chunk: its array may carry the next one.
            rt.node().chunkArrays().give(c.data());
        } catch (IOException e) {
            abortQuietly(receiving);
            stopStreaming();
            receiving = null;
            rt.storageFailed(e, "a received snapshot chunk");
        }
    }

    /**
     * The whole snapshot arrived. It is parsed (CRC64 checked, ~5 s per 1M keys) on the loader
     * thread into a new keyspace while the node thread goes on (heartbeats reset the election
     * timer; clients get LOADING). Meanwhile the core applies nothing past its commit index, which
     * is below the snapshot (it ignores AppendEntries until {@code snapshotInstalled}), so the old
     * keyspace may still take the committed entries the snapshot covers: it is dropped anyway.
     * Then, on the node thread, storage makes the file ours (metadata, rename: the commit point),
     * and only then is the keyspace swapped and the core told, in that order.
     */
    public void install(SnapshotMeta partial) {
        StreamedParse parse = streaming;
        streaming = null;
        if (receiving == null) { // its chunks could not be stored: the transfer starts over
            if (parse != null) parse.stop();
            rt.core().snapshotInstallFailed();
            return;
        }
        if (parse != null) parse.complete();
        SnapshotWriter w = receiving;
        receiving = null;
        loading = partial;
        Path temp = rt.config().dir().resolve(w.tempName());
        var storage = rt.storage();
        String dbid = rt.dbid();
        long transferMs = (System.nanoTime() - receiveStart) / 1_000_000L;
        Runnable load = () -> loader().execute(() -> {
            try {
                SnapshotHooks.beforeLoad.run();
                long loadStart = System.nanoTime();
                // fsync here, so that storage's own sync at install finds nothing to do
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                } catch (IOException e) {
                    rt.node().execute(() -> {
                        loading = null;
                        abortQuietly(w);
                        rt.storageFailed(e, "a received snapshot");
                    });
                    return;
                }
                long synced = System.nanoTime();
                // parsed as it arrived, or (that failed or was stopped) from the start now
                RdbContents early = parse == null ? null : parse.result();
                boolean streamed = early != null;
                RdbContents contents = streamed ? early : RdbReader.read(temp);
                long parsed = System.nanoTime();
                log.info("Snapshot at index {} received in {} ms, synced in {} ms, {} {} ms later", partial.lastIndex(),
                        transferMs, (synced - loadStart) / 1_000_000L,
                        streamed ? "parsed while received, done" : "parsed", (parsed - synced) / 1_000_000L);
                SnapshotMeta meta = SnapshotMetadata.toMeta(contents.raft(), temp.toString());
                if (meta.lastIndex() != partial.lastIndex() || meta.lastTerm() != partial.lastTerm()) {
                    throw new IOException("received snapshot is " + meta.lastIndex() + "@" + meta.lastTerm()
                            + ", expected " + partial.lastIndex() + "@" + partial.lastTerm());
                }
                if (!contents.raft().dbid().equals(dbid)) {
                    throw new IOException("received snapshot belongs to cluster " + contents.raft().dbid());
                }
                rt.node().execute(() -> swapIn(storage, w, meta, contents));
            } catch (Exception | OutOfMemoryError e) {
                rt.node().execute(() -> refuse(w, e));
            }
        });
        if (rt.config().snapshotDisableLoad()) {
            // RedisRaft's test knob: the node stays in LOADING with the file received but not
            // loaded. RedisRaft then waits for the leader to send it again; here it is kept and
            // loaded as soon as the knob is set back to no.
            log.warn("Snapshot received at index {} but not loaded: raft.snapshot-disable-load is set", partial.lastIndex());
            heldLoad = load;
            return;
        }
        load.run();
    }

    /** {@code raft.snapshot-disable-load} changed: a snapshot held back by it is loaded now. */
    public void loadEnabled() {
        if (heldLoad == null || rt.config().snapshotDisableLoad()) return;
        Runnable load = heldLoad;
        heldLoad = null;
        load.run();
    }

    /** Node thread: the received snapshot is parsed; make it durable, then the state. */
    private void swapIn(io.redraft.storage.NodeStorage storage, SnapshotWriter w, SnapshotMeta meta, RdbContents contents) {
        if (rt.storage() != storage || rt.core() == null) { // the node left its cluster meanwhile
            abortQuietly(w);
            loading = null;
            return;
        }
        long start = System.nanoTime();
        try {
            rt.storage().writer().installSnapshot(w, meta).get();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            loading = null;
            abortQuietly(w);
            rt.storageFailed(e, "a received snapshot's metadata");
            return;
        }
        rt.restore(contents.keyspace(), SessionTable.decode(contents.raft().sessions()), contents.raft().shards(),
                meta.lastIndex());
        rt.store().installExtras(contents.extras());
        rt.node().context().acl.restore(contents.raft().acl());
        rt.core().snapshotInstalled(meta);
        loading = null;
        received++;
        rt.forgetProposalsCoveredBy(meta.lastIndex());
        publish();
        log.info("Snapshot received and loaded at index {} term {}: {} keys; node thread paused {} ms", meta.lastIndex(),
                meta.lastTerm(), rt.store().size(), (System.nanoTime() - start) / 1_000_000L);
        rt.drive();
    }

    /**
     * The received file is no snapshot of ours (truncated, corrupt, crafted, another cluster's, not
     * the one announced): nothing of it is applied, the node keeps serving from its own state, and
     * the core drops the transfer, so that the leader sends its snapshot again from the start.
     */
    private void refuse(SnapshotWriter w, Throwable e) {
        loading = null;
        abortQuietly(w);
        refused++;
        log.warn("Received snapshot refused, nothing of it applied; the leader will send it again: {}", e.toString());
        if (rt.core() != null) rt.core().snapshotInstallFailed();
        rt.drive();
    }

    /** Received snapshots refused as unreadable (INFO raft_snapshots_refused). */
    private long refused;

    public long refused() { return refused; }

    /** Whether the leader is sending us a snapshot: its first chunk is here, its last not yet. */
    public boolean receiving() {
        return receiving != null;
    }

    /** Whether clients must be told LOADING: a received snapshot or a dump is being loaded. */
    public boolean loading() {
        return loading != null || (importing != null && importing.inProgress());
    }

    /** The log the core reads (see {@link SnapshotFence}). */
    public SnapshotFence fence(io.redraft.raft.LogStorage log) {
        fence = new SnapshotFence(log);
        return fence;
    }

    ExecutorService loader() {
        if (loaderThread == null) loaderThread = daemon("snapshot-loader");
        return loaderThread;
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Lets the leader stream our latest snapshot to followers that need it. Storage's source pins
     * the file a transfer started with, so a newer snapshot installed mid-transfer cannot mix in.
     */
    public void publish() {
        if (rt.storage().log().snapshot().lastIndex() == 0) return;
        rt.core().setSnapshotSource(rt.storage().snapshotSource());
    }

    public long fileSize() {
        try {
            return rt.storage() != null && rt.storage().snapshotFile().exists() ? rt.storage().snapshotFile().size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The loader thread, idle while a transfer arrives, syncs what has arrived so far, so that
     * the sync after the last chunk has only the tail to write (0.6-1.1 s of a 1 GB catch-up,
     * #24). At most one is queued; a failure is left to that last sync, which reports it.
     */
    private void syncAhead(SnapshotWriter w) {
        receivedUnsynced = 0;
        if (!syncAheadQueued.compareAndSet(false, true)) return;
        Path temp = rt.config().dir().resolve(w.tempName());
        loader().execute(() -> {
            syncAheadQueued.set(false);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(false);
            } catch (IOException e) {
                // deleted by a restart of the transfer, or failing: the final sync says which
            }
        });
    }

    private void stopStreaming() {
        if (streaming != null) streaming.stop();
        streaming = null;
    }

    /** Stops the writer thread (shutdown); an unfinished temp file is deleted at the next start. */
    public void close() {
        stopStreaming();
        if (writerThread != null) writerThread.shutdownNow();
        if (loaderThread != null) loaderThread.shutdownNow();
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
