package io.redraft.server.snapshot;

import io.redraft.raft.SnapshotMeta;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.log.LogSetup;
import io.redraft.storage.NodeStorage;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.session.SessionTable;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * Loading the keyspace when an initialized node starts. Its snapshot (and the dump of an import
 * interrupted before its first snapshot, see {@link SnapshotImport}) is parsed on the loader
 * thread, ~5 s per 1M keys, while the node already listens: INFO says {@code raft_state:loading},
 * PING answers, and clients and peers get {@code -LOADING Raft module is loading data}, as from
 * RedisRaft in its loading state (and from Redis while it loads its RDB). The core starts once the
 * keyspace is in place and replays the log after the snapshot on top of it.
 */
public final class SnapshotStartup {
    private static final Logger log = LogSetup.raft("snapshot");

    private SnapshotStartup() {}

    /**
     * Starts loading; {@code startCore} runs on the node thread once the keyspace is in place.
     * Returns false, having done nothing, when there is nothing to load.
     */
    public static boolean begin(RaftRuntime rt, Runnable startCore) {
        NodeStorage storage = rt.storage();
        SnapshotMeta meta = storage.log().snapshot();
        if (meta.lastIndex() == 0 && !SnapshotImport.markPresent(rt)) return false;
        rt.status().datasetLoading();
        rt.snapshots().loader().execute(() -> {
            try {
                SnapshotHooks.beforeLoad.run();
                RdbContents snapshot = meta.lastIndex() == 0 ? null : read(rt, storage, meta);
                RdbContents imported = SnapshotImport.interrupted(rt, meta);
                rt.node().execute(() -> {
                    if (rt.storage() != storage || !rt.status().isLoadingDataset()) return;
                    if (snapshot != null) {
                        rt.restore(snapshot.keyspace(), SessionTable.decode(snapshot.raft().sessions()), snapshot.raft().shards(),
                                meta.lastIndex());
                        rt.store().installExtras(snapshot.extras());
                        rt.node().context().acl.restore(snapshot.raft().acl());
                        log.info("Loaded snapshot at index {} term {}: {} keys", meta.lastIndex(), meta.lastTerm(),
                                rt.store().size());
                    }
                    if (imported != null) {
                        rt.store().install(imported.keyspace());
                        rt.store().installExtras(imported.extras());
                        rt.snapshots().importStarted(SnapshotImport.resumed(rt));
                    }
                    startCore.run();
                });
            } catch (Throwable e) {
                rt.node().execute(() -> rt.fatal("Loading the snapshot failed", e));
            }
        });
        return true;
    }

    /** Loader thread: the snapshot file, checked against storage's metadata. */
    private static RdbContents read(RaftRuntime rt, NodeStorage storage, SnapshotMeta meta) throws IOException {
        Path file = rt.config().dir().resolve(storage.snapshotFile().filename());
        RdbContents contents = RdbReader.read(file);
        SnapshotMeta inFile = SnapshotMetadata.toMeta(contents.raft(), file.toString());
        // Storage already matched the file's size and CRC32C with its metadata; this catches a
        // file copied in from elsewhere.
        if (!contents.raft().dbid().equals(storage.dbid())) {
            throw new IOException(file + " belongs to cluster " + contents.raft().dbid() + ", the log to " + storage.dbid());
        }
        if (inFile.lastIndex() != meta.lastIndex() || inFile.lastTerm() != meta.lastTerm()) {
            throw new IOException(file + " is snapshot " + inFile.lastIndex() + "@" + inFile.lastTerm()
                    + " but the metadata names " + meta.lastIndex() + "@" + meta.lastTerm());
        }
        return contents;
    }
}
