package io.redraft.server.snapshot;

import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.LogStorage;
import io.redraft.raft.SnapshotMeta;
import java.util.List;

/**
 * The durable log as the core sees it, so that storage can install a local snapshot on its log
 * thread while the node thread goes on running the core.
 *
 * <p>Storage drops the log prefix a snapshot covers at some moment the node thread cannot see.
 * Without this class a core read that checked {@code snapshot()} just before that moment would then
 * ask for an entry that is gone (the core checks, then reads). So before handing the install to
 * storage, the node thread raises the fence to the new snapshot: from then on the core already
 * treats everything up to it as compacted (Raft §7), and only reads entries after it, which storage
 * keeps readable throughout the swap (it copies them, then switches files under its lock). The
 * leader waits with a follower that needs the new snapshot until storage publishes it, as the
 * core already does when the source is older than what the follower needs.
 *
 * <p>Node thread only, like the core.
 */
public final class SnapshotFence implements LogStorage {
    private final LogStorage log;
    /** The snapshot being installed by storage, or null. */
    private SnapshotMeta raised;

    SnapshotFence(LogStorage log) {
        this.log = log;
    }

    /** The core must not read entries up to {@code meta.lastIndex()} from now on. */
    void raise(SnapshotMeta meta) {
        raised = meta;
    }

    /** Storage finished (or gave up): its own snapshot is authoritative again. */
    void lower() {
        raised = null;
    }

    @Override
    public SnapshotMeta snapshot() {
        SnapshotMeta stored = log.snapshot();
        SnapshotMeta r = raised;
        return r != null && r.lastIndex() > stored.lastIndex() ? r : stored;
    }

    @Override
    public long firstIndex() {
        return snapshot().lastIndex() + 1;
    }

    @Override
    public long lastIndex() {
        return Math.max(log.lastIndex(), snapshot().lastIndex());
    }

    @Override
    public long term(long index) {
        SnapshotMeta s = snapshot();
        if (index == s.lastIndex()) return s.lastTerm();
        if (index < s.lastIndex()) throw new IndexOutOfBoundsException("entry " + index + " is compacted");
        return log.term(index);
    }

    @Override
    public List<Entry> entries(long from, long to, long maxBytes) {
        if (from <= snapshot().lastIndex()) throw new IndexOutOfBoundsException("entries from " + from + " are compacted");
        return log.entries(from, to, maxBytes);
    }

    @Override
    public HardState hardState() {
        return log.hardState();
    }
}
