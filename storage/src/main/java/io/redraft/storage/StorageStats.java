package io.redraft.storage;

/**
 * The storage fields of {@code INFO raft}.
 *
 * @param fileSize            {@code raft_file_size}
 * @param cacheEntries        {@code raft_cache_entries}
 * @param cacheBytes          {@code raft_cache_memory_size}
 * @param fsyncCount          {@code raft_fsync_count}
 * @param fsyncMaxMicros      {@code raft_fsync_max_microseconds}
 * @param fsyncAvgMicros      {@code raft_fsync_avg_microseconds}
 */
public record StorageStats(long fileSize, long cacheEntries, long cacheBytes, long fsyncCount,
                           long fsyncMaxMicros, long fsyncAvgMicros) {}
