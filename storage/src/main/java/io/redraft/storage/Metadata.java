package io.redraft.storage;

import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;

/**
 * Everything in the {@code .meta} file: who this node is, its Raft hard state, and which snapshot
 * the log continues from. One file, replaced atomically, so these can never disagree.
 *
 * @param snapshotSize    length of the RDB the snapshot meta describes (0 if none)
 * @param snapshotCrc     CRC32C of that RDB, checked on start
 * @param pendingSnapshot a fully written, synced temp RDB that is to be renamed over
 *                        {@code dbfilename}; recovery finishes the rename. Null when none.
 */
record Metadata(String dbid, int nodeId, HardState hardState, SnapshotMeta snapshot,
                long snapshotSize, int snapshotCrc, String pendingSnapshot) {
    static Metadata initial(String dbid, int nodeId) {
        return new Metadata(dbid, nodeId, HardState.EMPTY, SnapshotMeta.EMPTY, 0, 0, null);
    }

    Metadata withHardState(HardState hs) {
        return new Metadata(dbid, nodeId, hs, snapshot, snapshotSize, snapshotCrc, pendingSnapshot);
    }

    Metadata withSnapshot(SnapshotMeta meta, long size, int crc, String pending) {
        return new Metadata(dbid, nodeId, hardState, meta, size, crc, pending);
    }

    Metadata withoutPendingSnapshot() {
        return new Metadata(dbid, nodeId, hardState, snapshot, snapshotSize, snapshotCrc, null);
    }
}
