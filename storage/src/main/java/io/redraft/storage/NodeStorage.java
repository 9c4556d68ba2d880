package io.redraft.storage;

import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotSource;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Everything a node keeps on disk, in RedisRaft's layout: the Raft log ({@code raft.log-filename})
 * with its {@code .idx} and {@code .meta}, and the snapshot RDB ({@code dbfilename}).
 *
 * <p>{@link #open} recovers whatever is there; a node that was never initialized has no files
 * until {@link #initialize} (RAFT.CLUSTER INIT or JOIN) creates them. Afterwards the core reads
 * {@link #log()} and the server persists through {@link #writer()}.
 */
public final class NodeStorage implements AutoCloseable {
    private static final Pattern DBID = Pattern.compile("[\\x21-\\x7e]{32}");

    /** Replaced when a live limit changes ({@link #setLimits}); read by INFO from other threads. */
    private volatile StorageConfig config;
    private final FileSystem fs;
    private final FileNames names;
    private final MetadataFile metadataFile;
    private final SnapshotFile snapshotFile;
    private final Consumer<Throwable> onWriterFailure;
    // Set on the thread that opens or initializes; read by INFO from others.
    private volatile Metadata identity;
    private volatile DurableLog log;
    private volatile LogWriter writer;

    private NodeStorage(StorageConfig config, FileSystem fs, Consumer<Throwable> onWriterFailure) {
        this.config = config;
        this.fs = fs;
        this.names = new FileNames(config.logFilename(), config.dbFilename());
        this.metadataFile = new MetadataFile(fs, names);
        this.snapshotFile = new SnapshotFile(fs, names);
        this.onWriterFailure = onWriterFailure;
    }

    /** Opens the files in {@code config.dir()}. */
    public static NodeStorage open(StorageConfig config) throws IOException {
        return open(config, FileSystem.real(config.dir()), null);
    }

    /**
     * Opens and recovers the files in {@code fs}.
     *
     * @param onWriterFailure told (on the log thread) if a write fails; the node must then stop
     * @throws StorageCorruptedException if the files do not check out; the node must not start
     */
    public static NodeStorage open(StorageConfig config, FileSystem fs, Consumer<Throwable> onWriterFailure) throws IOException {
        NodeStorage s = new NodeStorage(config, fs, onWriterFailure);
        Recovery.Recovered r = new Recovery(fs, s.names, s.metadataFile, s.snapshotFile, config.maxCacheSize()).run();
        if (r != null) s.start(r.metadata(), r.log());
        return s;
    }

    /** Whether the node has a cluster id (its files exist). */
    public boolean isInitialized() {
        return log != null;
    }

    /**
     * Creates the files of a node that joins or creates cluster {@code dbid} (32 printable ASCII
     * characters: RedisRaft generates lowercase hex but {@code RAFT.CLUSTER INIT} accepts any).
     * The metadata is written first: metadata without a log is recoverable, a log without
     * metadata is not.
     */
    public void initialize(String dbid, int nodeId) throws IOException {
        if (isInitialized()) throw new IllegalStateException("already initialized for cluster " + identity.dbid());
        if (!DBID.matcher(dbid).matches()) throw new IllegalArgumentException("cluster id must be 32 characters: " + dbid);
        if (nodeId == 0) throw new IllegalArgumentException("node id 0 is reserved");
        Metadata meta = Metadata.initial(dbid, nodeId);
        metadataFile.write(meta);
        LogFiles.Opened files = LogFiles.createEmpty(fs, names, new LogHeader(dbid, nodeId, 0, 0));
        start(meta, new DurableLog(fs, names, files.segment(), files.index(), meta.snapshot(), HardState.EMPTY,
                0, 0, config.maxCacheSize(), new TermRuns()));
    }

    private void start(Metadata meta, DurableLog durableLog) throws IOException {
        snapshotFile.startSource(meta.snapshot());
        this.identity = meta;
        this.log = durableLog;
        this.writer = new LogWriter(durableLog, metadataFile, snapshotFile, meta, config.fsync(),
                config.writeQueueDepth(), onWriterFailure);
    }

    /** Cluster id ({@code raft_dbid}); null before {@link #initialize}. */
    public String dbid() {
        return identity == null ? null : identity.dbid();
    }

    /** This node's id; 0 before {@link #initialize}. */
    public int nodeId() {
        return identity == null ? 0 : identity.nodeId();
    }

    /** The persisted log, for the Raft core. */
    public DurableLog log() {
        requireInitialized();
        return log;
    }

    /** The log thread, through which every write goes. */
    public LogWriter writer() {
        requireInitialized();
        return writer;
    }

    public SnapshotFile snapshotFile() {
        return snapshotFile;
    }

    /**
     * The snapshot as the leader streams it to followers ({@code RaftNode.setSnapshotSource}).
     * One instance per storage, for the node thread; it keeps sending the snapshot a transfer
     * started with even if a newer one is installed meanwhile (see {@link StoredSnapshotSource}).
     */
    public SnapshotSource snapshotSource() {
        requireInitialized();
        return snapshotFile.source();
    }

    /**
     * The log has grown past {@code raft.log-max-file-size}, and past the current snapshot's size:
     * time to take a snapshot. The second bound is Redis's {@code auto-aof-rewrite-percentage 100}:
     * each snapshot writes the whole dataset, so with a dataset larger than the threshold a
     * snapshot per threshold's worth of log wrote the dataset over and over (12 times the log's
     * bytes for 1.6 GB of 16 KB values, which took three quarters of the write rate: #24). Bounded
     * by the snapshot's size, the snapshots write at most what the log does, and a restart replays
     * at most a snapshot's worth of log.
     */
    public boolean compactionDue() {
        DurableLog l = log;
        LogWriter w = writer;
        if (l == null || w == null || config.maxFileSize() <= 0) return false;
        long size = l.fileSize();
        return size > config.maxFileSize() && size > w.snapshotSize();
    }

    public StorageStats stats() {
        DurableLog l = log;
        LogWriter w = writer;
        if (l == null || w == null) return new StorageStats(0, 0, 0, 0, 0, 0);
        FsyncStats f = w.stats();
        return new StorageStats(l.fileSize(), l.cacheEntries(), l.cacheBytes(), f.count(), f.maxMicros(), f.avgMicros());
    }

    /**
     * {@code CONFIG SET raft.log-max-file-size / raft.log-max-cache-size}: RedisRaft applies both
     * live. The file size is checked at the next {@link #compactionDue}; a smaller cache evicts
     * its oldest entries at once.
     */
    public void setLimits(long maxFileSize, long maxCacheSize) {
        config = config.withMaxFileSize(maxFileSize).withMaxCacheSize(maxCacheSize);
        DurableLog l = log;
        if (l != null) l.setMaxCacheBytes(maxCacheSize);
    }

    public StorageConfig config() {
        return config;
    }

    /**
     * Archives the files of a node removed from its cluster ({@code RAFT.NODESHUTDOWN}), as
     * RedisRaft does: {@code <log>} becomes {@code <log>.<id>.bak}, {@code <log>.meta} becomes
     * {@code <log>.meta.<id>.bak}, the index is deleted and the RDB becomes
     * {@code <dbfilename>.bak.<id>} (the name RedisRaft means; its buffer bug truncates it). The
     * storage is then uninitialized. A crash midway leaves files that refuse to start, which is
     * right for a removed node.
     */
    public void archive() throws IOException {
        requireInitialized();
        writer.close();
        if (writer.failure() != null) throw new IOException("the log writer failed; not archiving", writer.failure());
        String id = Integer.toString(nodeId());
        if (fs.exists(names.db())) fs.rename(names.db(), names.db() + ".bak." + id);
        fs.delete(names.index());
        fs.rename(names.log(), names.log() + "." + id + ".bak");
        fs.rename(names.meta(), names.meta() + "." + id + ".bak");
        fs.syncDirectory();
        snapshotFile.closeSource();
        log = null;
        writer = null;
        identity = null;
    }

    /** Persists what is queued and closes the files. */
    @Override
    public void close() {
        if (writer != null) writer.close();
        snapshotFile.closeSource();
    }

    private void requireInitialized() {
        if (log == null) throw new IllegalStateException("storage is not initialized (no RAFT.CLUSTER INIT or JOIN yet)");
    }
}
