package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The log thread: the only writer of the log, index, metadata and snapshot files.
 *
 * <p>Group commit: the thread takes every request queued while its previous fsync ran, writes them
 * all, syncs once, and only then reports each one persisted. A burst of proposals therefore costs
 * one fsync, not one each. The queue is bounded, so a producer faster than the disk blocks in
 * {@link #submit} instead of piling up memory.
 *
 * <p>Callbacks run on the log thread; the server hands them to its node thread. They must not
 * call {@link #submit} themselves: with the queue full, the log thread would wait on itself.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    /** Bounds the buffer one write call encodes into; larger groups are written in pieces. */
    private static final long MAX_STAGED_BYTES = 4 << 20;

    /** Everything up to {@code lastIndex} (of term {@code lastTerm}) and the hard state is durable. */
    public record Persisted(long lastIndex, long lastTerm) {}

    private sealed interface Request permits Append, Install, Stop {}

    private record Append(List<Entry> entries, HardState hardState, Consumer<Persisted> onDone) implements Request {}

    private record Install(SnapshotWriter rdb, SnapshotMeta meta, CompletableFuture<Void> done) implements Request {}

    private record Stop() implements Request {}

    private record Pending(Consumer<Persisted> onDone, Persisted persisted) {}

    private final DurableLog durableLog;
    private final MetadataFile metadataFile;
    private final SnapshotFile snapshotFile;
    private final boolean fsync;
    private final Consumer<Throwable> onFailure;
    private final BlockingQueue<Request> queue;
    private final Thread thread;
    private final List<Pending> pending = new ArrayList<>();
    /** Entries of consecutive requests, written with one write call at the next commit. */
    private final List<Entry> staged = new ArrayList<>();
    private long stagedBytes;
    private final FsyncStats stats = new FsyncStats();
    /** Entries appended since the last fsync: the size of the group the next one commits. Log thread. */
    private long groupEntries;
    private Metadata metadata;
    /** What the metadata file holds; differs from {@link #metadata} only by a newer commit index. */
    private Metadata metadataOnDisk;
    private boolean dirty;
    /** The installed snapshot's size, as the metadata records it; read by other threads. */
    private volatile long snapshotSize;
    private volatile Throwable failure;
    /** Test hook: a slow disk. Every fsync of the log first waits this long. */
    private volatile long fsyncDelayNanos;

    LogWriter(DurableLog durableLog, MetadataFile metadataFile, SnapshotFile snapshotFile, Metadata metadata,
              boolean fsync, int queueDepth, Consumer<Throwable> onFailure) {
        this.durableLog = durableLog;
        this.metadataFile = metadataFile;
        this.snapshotFile = snapshotFile;
        this.metadata = metadata;
        this.metadataOnDisk = metadata;
        this.snapshotSize = metadata.snapshotSize();
        this.fsync = fsync;
        this.onFailure = onFailure;
        this.queue = new ArrayBlockingQueue<>(queueDepth);
        this.thread = new Thread(this::run, "redraft-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Persists {@code entries} (which may overwrite a conflicting suffix) and {@code hardState}
     * (null: unchanged), then calls {@code onDone} on the log thread. Blocks while the queue is full.
     * A change of term or vote is written to the metadata file before {@code onDone}; a change of
     * commit index alone is kept in memory and written with the next metadata write or at close.
     */
    public void submit(List<Entry> entries, HardState hardState, Consumer<Persisted> onDone) throws InterruptedException {
        enqueue(new Append(List.copyOf(entries), hardState, onDone));
    }

    /**
     * Makes {@code rdb} the snapshot described by {@code meta} and drops the log prefix it covers
     * (or the whole log, if the log does not contain the snapshot's last entry with its term).
     */
    public CompletableFuture<Void> installSnapshot(SnapshotWriter rdb, SnapshotMeta meta) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Install(rdb, meta, done));
        return done;
    }

    /**
     * Test hook for fault injection (the server allows it only with {@code raft.test-hooks}):
     * every later commit of the log waits {@code millis} before its fsync, as a slow disk would.
     * 0 turns it off. The wait is counted in {@link #stats()}.
     */
    public void setTestFsyncDelay(long millis) {
        if (millis < 0) throw new IllegalArgumentException("negative fsync delay");
        fsyncDelayNanos = millis * 1_000_000L;
    }

    /** Bytes of the installed snapshot (0 if none), without touching the file. */
    public long snapshotSize() {
        return snapshotSize;
    }

    public FsyncStats stats() {
        return stats;
    }

    /** Set once the log thread failed; the node must stop, since nothing more can be persisted. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Persists what is queued, writes the final metadata, closes the files and ends the thread.
     * Waits for all that even if interrupted (the interrupt is kept), so files are never left
     * half-closed; check {@link #failure()} to learn whether the last writes made it.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        Stop stop = new Stop();
        while (failure == null && thread.isAlive()) {
            try {
                if (queue.offer(stop, 100, TimeUnit.MILLISECONDS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void enqueue(Request r) throws InterruptedException {
        Throwable f = failure;
        if (f != null) throw new IllegalStateException("the log writer failed earlier", f);
        if (!thread.isAlive()) throw new IllegalStateException("the log writer is closed");
        queue.put(r);
        // The thread may have died between the check and the put; nobody else would answer.
        if (!thread.isAlive()) failQueued(failure != null ? failure : new IllegalStateException("the log writer is closed"));
    }

    private void failQueued(Throwable t) {
        for (Request r; (r = queue.poll()) != null; ) failIfInstall(r, t);
    }

    private static void failIfInstall(Request r, Throwable t) {
        if (r instanceof Install i) i.done().completeExceptionally(t);
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                for (Request r : batch) {
                    switch (r) {
                        case Append a -> append(a);
                        case Install i -> {
                            commit();
                            install(i);
                        }
                        case Stop s -> {
                            commit();
                            stop();
                            return;
                        }
                    }
                }
                batch.clear();
                commit();
            }
        } catch (Throwable t) {
            failure = t;
            // An I/O error (a full disk, a failing device) is the environment, not a bug: its
            // stack trace would only bury the one line that says what happened.
            if (t instanceof IOException) log.error("Log writer failed; nothing more will be persisted: {}", t.toString());
            else log.error("Log writer failed; nothing more will be persisted", t);
            batch.forEach(r -> failIfInstall(r, t));
            failQueued(t);
            if (onFailure != null) onFailure.accept(t);
        }
    }

    private void append(Append a) throws IOException {
        HardState hs = a.hardState();
        if (hs != null) {
            HardState old = metadata.hardState();
            if (hs.term() != old.term() || hs.votedFor() != old.votedFor()) {
                // Raft Figure 2: term and vote are on stable storage before the node answers.
                writeMetadata(metadata.withHardState(hs));
            } else {
                metadata = metadata.withHardState(hs);
            }
        }
        List<Entry> entries = a.entries();
        if (!entries.isEmpty()) {
            if (!staged.isEmpty() && entries.getFirst().index() != staged.getLast().index() + 1) writeStaged();
            staged.addAll(entries);
            groupEntries += entries.size();
            for (Entry e : entries) stagedBytes += e.sizeBytes();
            dirty = true;
        }
        Persisted p = staged.isEmpty()
                ? new Persisted(durableLog.writtenLast(), durableLog.writtenLastTerm())
                : new Persisted(staged.getLast().index(), staged.getLast().term());
        pending.add(new Pending(a.onDone(), p));
        if (stagedBytes > MAX_STAGED_BYTES) writeStaged();
    }

    private void writeStaged() throws IOException {
        durableLog.write(staged);
        staged.clear();
        stagedBytes = 0;
    }

    /** One fsync for everything written since the last one, then the callbacks. */
    private void commit() throws IOException {
        if (!staged.isEmpty()) writeStaged();
        if (dirty && (fsync || fsyncDelayNanos > 0)) {
            long start = System.nanoTime();
            long delay = fsyncDelayNanos;
            // parkNanos, not sleep: close() must not be able to interrupt a write half-way.
            for (long until = start + delay; delay > 0 && System.nanoTime() - until < 0; ) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            if (fsync) durableLog.force();
            stats.record(System.nanoTime() - start, groupEntries);
        }
        groupEntries = 0;
        dirty = false;
        durableLog.markDurable();
        for (Pending p : pending) {
            if (p.onDone() == null) continue;
            try {
                p.onDone().accept(p.persisted());
            } catch (RuntimeException e) {
                // A caller's bug must not stop persistence for everyone else.
                log.error("Persisted callback failed", e);
            }
        }
        pending.clear();
    }

    /**
     * The metadata write is the commit point: once it names the synced temp RDB as pending,
     * recovery finishes the rename if we crash before doing it ourselves. Before it, the old
     * snapshot and metadata stand together; after it, the new ones do.
     */
    private void install(Install i) throws IOException {
        SnapshotMeta meta = i.meta();
        if (meta.lastIndex() < metadata.snapshot().lastIndex()) {
            i.rdb().abort();
            i.done().completeExceptionally(new IllegalArgumentException("snapshot at " + meta.lastIndex()
                    + " is older than the current one at " + metadata.snapshot().lastIndex()));
            return;
        }
        SnapshotFile.Checksum sum = i.rdb().finish();
        HardState hs = metadata.hardState();
        if (hs.commit() < meta.lastIndex()) hs = new HardState(hs.term(), hs.votedFor(), meta.lastIndex());
        writeMetadata(metadata.withHardState(hs).withSnapshot(meta, sum.size(), sum.crc(), i.rdb().tempName()));
        snapshotFile.moveIntoPlace(i.rdb().tempName());
        snapshotFile.published(meta);
        writeMetadata(metadata.withoutPendingSnapshot());
        durableLog.installSnapshot(meta);
        i.done().complete(null);
    }

    private void stop() throws IOException {
        if (!metadata.equals(metadataOnDisk)) writeMetadata(metadata);
        durableLog.close();
    }

    private void writeMetadata(Metadata m) throws IOException {
        metadataFile.write(m);
        metadata = m;
        metadataOnDisk = m;
        snapshotSize = m.snapshotSize();
        durableLog.setHardState(m.hardState());
    }
}
