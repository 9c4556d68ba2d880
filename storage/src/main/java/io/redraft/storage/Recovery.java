package io.redraft.storage;

import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * Brings a node's files back to a consistent state on start, or refuses with a
 * {@link StorageCorruptedException}. Order as in RedisLabs/raft: snapshot metadata, then the log on
 * top of it, then term and vote. Repairs only what a crash can explain: a torn last record, a
 * missing or damaged index, an interrupted snapshot install or compaction.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** A recovered node: its metadata and its log, ready for a {@link LogWriter}. */
    record Recovered(Metadata metadata, DurableLog log) {}

    private final FileSystem fs;
    private final FileNames names;
    private final MetadataFile metadataFile;
    private final SnapshotFile snapshotFile;
    private final long maxCacheBytes;

    Recovery(FileSystem fs, FileNames names, MetadataFile metadataFile, SnapshotFile snapshotFile, long maxCacheBytes) {
        this.fs = fs;
        this.names = names;
        this.metadataFile = metadataFile;
        this.snapshotFile = snapshotFile;
        this.maxCacheBytes = maxCacheBytes;
    }

    /** Returns null for a node that was never initialized (no metadata, no log). */
    Recovered run() throws IOException {
        boolean hasLog = fs.exists(names.log());
        if (!metadataFile.exists()) {
            if (hasLog) {
                throw new StorageCorruptedException(fs.describe(names.log()), 0,
                        "the log has no metadata file (" + names.meta() + "), so its term, vote and cluster id are unknown");
            }
            deleteTemps();
            return null;
        }
        Metadata meta = finishSnapshotInstall(metadataFile.read());
        deleteTemps();
        checkSnapshot(meta);
        DurableLog durableLog = recoverLog(meta, hasLog);
        return new Recovered(meta, durableLog);
    }

    /** A crash after the metadata named a synced temp RDB but before its rename: do the rename. */
    private Metadata finishSnapshotInstall(Metadata meta) throws IOException {
        if (meta.pendingSnapshot() == null) return meta;
        if (fs.exists(meta.pendingSnapshot())) {
            log.warn("Finishing the install of snapshot {} (up to entry {}) interrupted by a crash",
                    meta.pendingSnapshot(), meta.snapshot().lastIndex());
            snapshotFile.moveIntoPlace(meta.pendingSnapshot());
        }
        Metadata done = meta.withoutPendingSnapshot();
        metadataFile.write(done);
        return done;
    }

    private void deleteTemps() throws IOException {
        for (String name : fs.list()) {
            if (name.equals(names.metaTemp()) || name.equals(names.logTemp()) || name.equals(names.indexTemp())
                    || names.isPrepared(name) || names.isDbTemp(name)) {
                fs.delete(name);
            }
        }
    }

    private void checkSnapshot(Metadata meta) throws IOException {
        if (meta.snapshot().lastIndex() == 0) return;
        String where = fs.describe(names.db());
        if (!snapshotFile.exists()) {
            throw new StorageCorruptedException(where, 0, "the snapshot file is missing, but the metadata says a snapshot"
                    + " covers entries up to " + meta.snapshot().lastIndex());
        }
        SnapshotFile.Checksum sum = snapshotFile.checksum();
        if (sum.size() != meta.snapshotSize()) {
            throw new StorageCorruptedException(where, Math.min(sum.size(), meta.snapshotSize()), "the snapshot is "
                    + sum.size() + " bytes but the metadata recorded " + meta.snapshotSize()
                    + " bytes: it is not the snapshot this log continues from");
        }
        if (sum.crc() != meta.snapshotCrc()) {
            throw new StorageCorruptedException(where, 0, "snapshot CRC mismatch: it is not the snapshot the metadata recorded");
        }
    }

    private DurableLog recoverLog(Metadata meta, boolean hasLog) throws IOException {
        SnapshotMeta snap = meta.snapshot();
        LogHeader expected = new LogHeader(meta.dbid(), meta.nodeId(), snap.lastIndex(), snap.lastTerm());
        if (!hasLog) {
            if (!meta.hardState().equals(HardState.EMPTY) || snap.lastIndex() != 0) {
                throw new StorageCorruptedException(fs.describe(names.log()), 0, "the log file is missing but the"
                        + " metadata records term " + meta.hardState().term() + " and snapshot index " + snap.lastIndex());
            }
            log.warn("{} has metadata but no log (a crash during initialization); creating an empty log", names.log());
            return emptyLog(meta, expected);
        }
        LogSegment segment = LogSegment.open(fs, names.log());
        LogHeader header = segment.header();
        if (!header.dbid().equals(meta.dbid())) {
            segment.close();
            throw segment.corrupted(12, "the log belongs to cluster " + header.dbid() + " but the metadata and snapshot"
                    + " belong to cluster " + meta.dbid());
        }
        if (header.nodeId() != meta.nodeId()) {
            segment.close();
            throw segment.corrupted(44, "the log belongs to node " + header.nodeId() + " but the metadata to node " + meta.nodeId());
        }
        if (header.prevIndex() > snap.lastIndex()) {
            segment.close();
            throw segment.corrupted(RecordCodec.LOG_HEADER_SIZE, "gap between the snapshot, which ends at entry "
                    + snap.lastIndex() + ", and the first log entry " + (header.prevIndex() + 1));
        }
        Offsets offsets = new Offsets();
        TermRuns terms = new TermRuns();
        long[] termAtSnapshot = {header.prevIndex() == snap.lastIndex() ? header.prevTerm() : -1};
        LogSegment.ScanResult scan;
        try {
            scan = segment.scan((index, term, offset) -> {
                offsets.add(offset);
                terms.append(index, term);
                if (index == snap.lastIndex()) termAtSnapshot[0] = term;
            });
        } catch (StorageCorruptedException e) {
            segment.close();
            throw e;
        }
        if (scan.tornBytes() > 0) {
            log.warn("{}: cutting off a torn last record of {} bytes at offset {} (a write interrupted by a crash);"
                    + " the log now ends at entry {}", fs.describe(names.log()), scan.tornBytes(), scan.validEnd(), scan.lastIndex());
            segment.truncate(scan.validEnd());
            segment.force();
        }
        if (scan.lastIndex() < snap.lastIndex() || termAtSnapshot[0] != snap.lastTerm()) {
            // Raft §7: a log that does not contain the snapshot's last entry cannot continue it.
            // A log that ends before it is what a crash leaves when the node had applied entries
            // (committed by the others' copies) before its own write of them reached the file; a
            // log that holds the entry with another term is not, and says so apart.
            if (scan.lastIndex() < snap.lastIndex()) {
                log.warn("{} does not contain the snapshot's last entry {} (term {}): it ends at entry {}, short of what this"
                        + " node had applied when it stopped; restarting the log after the snapshot",
                        names.log(), snap.lastIndex(), snap.lastTerm(), scan.lastIndex());
            } else {
                log.warn("{} does not contain the snapshot's last entry {} (term {}): it holds that entry with term {};"
                        + " restarting the log after the snapshot", names.log(), snap.lastIndex(), snap.lastTerm(), termAtSnapshot[0]);
            }
            segment.close();
            return emptyLog(meta, expected);
        }
        LogIndex index = recoverIndex(segment, offsets, scan.lastIndex());
        return new DurableLog(fs, names, segment, index, snap, clampCommit(meta, scan.lastIndex()),
                scan.lastIndex(), scan.lastTerm(), maxCacheBytes, terms);
    }

    private LogIndex recoverIndex(LogSegment segment, Offsets scanned, long lastIndex) throws IOException {
        long prev = segment.header().prevIndex();
        LogIndex index = LogIndex.openIfUsable(fs, names.index(), segment.header().dbid(), prev);
        if (index != null) {
            long[] stored = index.readAll();
            int common = Math.min(stored.length, scanned.size);
            boolean unsyncedSlots = false;
            for (int k = 0; k < common; k++) {
                if (stored[k] == 0) {
                    unsyncedSlots = true;
                    break;
                }
                if (stored[k] != scanned.values[k]) {
                    index.close();
                    throw new StorageCorruptedException(fs.describe(names.index()),
                            RecordCodec.INDEX_HEADER_SIZE + 8L * k, "the index file disagrees with the log at entry "
                            + (prev + 1 + k) + ": it says offset " + stored[k] + ", the log has the entry at offset " + scanned.values[k]);
                }
            }
            if (!unsyncedSlots) {
                if (stored.length > scanned.size) index.truncateAfter(lastIndex);
                if (stored.length < scanned.size) {
                    index.append(Arrays.copyOfRange(scanned.values, stored.length, scanned.size), scanned.size - stored.length);
                }
                return index;
            }
            index.close();
        }
        log.warn("{} is missing or damaged; rebuilding it from the log", fs.describe(names.index()));
        LogIndex rebuilt = LogIndex.create(fs, names.index(), segment.header().dbid(), prev);
        rebuilt.append(scanned.values, scanned.size);
        rebuilt.force();
        return rebuilt;
    }

    private DurableLog emptyLog(Metadata meta, LogHeader header) throws IOException {
        LogFiles.Opened files = LogFiles.createEmpty(fs, names, header);
        SnapshotMeta snap = meta.snapshot();
        return new DurableLog(fs, names, files.segment(), files.index(), snap, clampCommit(meta, snap.lastIndex()),
                snap.lastIndex(), snap.lastTerm(), maxCacheBytes, new TermRuns());
    }

    /** The commit index is written lazily; it can only be trusted as far as the log reaches. */
    private static HardState clampCommit(Metadata meta, long lastIndex) {
        HardState hs = meta.hardState();
        long commit = Math.max(meta.snapshot().lastIndex(), Math.min(hs.commit(), lastIndex));
        return new HardState(hs.term(), hs.votedFor(), commit);
    }

    /** A growable list of record offsets, without boxing a million Longs. */
    private static final class Offsets {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }
    }
}
