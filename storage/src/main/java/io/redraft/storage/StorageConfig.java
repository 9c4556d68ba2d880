package io.redraft.storage;

import java.nio.file.Path;

/**
 * The directives storage reads.
 *
 * @param dir             Redis {@code dir}: where every file lives
 * @param logFilename     {@code raft.log-filename}; the index and metadata files are named after it
 * @param dbFilename      Redis {@code dbfilename}: the snapshot RDB
 * @param fsync           {@code raft.log-fsync}
 * @param maxFileSize     {@code raft.log-max-file-size}; 0 = never report compaction due
 * @param maxCacheSize    {@code raft.log-max-cache-size} in bytes; 0 = unbounded
 * @param writeQueueDepth requests the log thread accepts before {@code submit} blocks
 */
public record StorageConfig(Path dir, String logFilename, String dbFilename, boolean fsync,
                            long maxFileSize, long maxCacheSize, int writeQueueDepth) {
    public static final String DEFAULT_LOG_FILENAME = "redisraft.db";
    public static final String DEFAULT_DB_FILENAME = "dump.rdb";

    public StorageConfig {
        if (logFilename == null || logFilename.isEmpty()) throw new IllegalArgumentException("log filename is empty");
        if (dbFilename == null || dbFilename.isEmpty()) throw new IllegalArgumentException("dbfilename is empty");
        if (maxFileSize < 0 || maxCacheSize < 0) throw new IllegalArgumentException("sizes must be >= 0");
        if (writeQueueDepth < 1) throw new IllegalArgumentException("writeQueueDepth must be >= 1");
    }

    /** RedisRaft's defaults in {@code dir}. */
    public static StorageConfig defaults(Path dir) {
        return new StorageConfig(dir, DEFAULT_LOG_FILENAME, DEFAULT_DB_FILENAME, true, 128_000_000L,
                64_000_000L, 1024);
    }

    public StorageConfig withFsync(boolean on) {
        return new StorageConfig(dir, logFilename, dbFilename, on, maxFileSize, maxCacheSize, writeQueueDepth);
    }

    public StorageConfig withMaxFileSize(long bytes) {
        return new StorageConfig(dir, logFilename, dbFilename, fsync, bytes, maxCacheSize, writeQueueDepth);
    }

    public StorageConfig withMaxCacheSize(long bytes) {
        return new StorageConfig(dir, logFilename, dbFilename, fsync, maxFileSize, bytes, writeQueueDepth);
    }
}
