package io.redraft.raft;

import java.util.List;

/**
 * The durable part of the log as the core sees it: read-only, and only entries that the caller
 * has reported persisted (see {@code RaftNode#persisted}). The core keeps not-yet-persisted
 * entries itself, as etcd's {@code unstable} does, so an implementation may be written to by a
 * log thread while the node thread reads it; it must then be safe for that one reader.
 *
 * <p>Indices run from {@link #firstIndex()} to {@link #lastIndex()}; entries at or before
 * {@code snapshot().lastIndex()} have been compacted away.
 */
public interface LogStorage {
    /** Index of the first entry still available; {@code snapshot().lastIndex() + 1}. */
    long firstIndex();

    /** Index of the last persisted entry, or {@code snapshot().lastIndex()} if none. */
    long lastIndex();

    /**
     * Term of the entry at {@code index}. Valid for {@code snapshot().lastIndex() <= index <=
     * lastIndex()}; the snapshot's own last index answers with the snapshot's term.
     */
    long term(long index);

    /**
     * Entries in {@code [from, to)}, stopping early once {@code maxBytes} is exceeded (at least one
     * entry is returned when the range is non-empty).
     */
    List<Entry> entries(long from, long to, long maxBytes);

    /** The latest snapshot; {@link SnapshotMeta#EMPTY} when none. */
    SnapshotMeta snapshot();

    /** Term and vote as last persisted; used on restart. */
    HardState hardState();
}
