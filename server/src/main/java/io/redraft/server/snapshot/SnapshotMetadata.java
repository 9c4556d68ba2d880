package io.redraft.server.snapshot;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.SnapshotMeta;
import io.redraft.store.rdb.RaftMetadata;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Raft facts a snapshot RDB carries in its AUX fields, converted to and from the core's
 * {@link SnapshotMeta}. A follower learns the configuration of a received snapshot only from
 * here (Raft §7: the snapshot carries the latest configuration), used ids included so that a
 * removed node's id is never handed out again.
 */
final class SnapshotMetadata {
    private SnapshotMetadata() {}

    /**
     * {@code sessions}: the encoded client session table as of {@code meta.lastIndex()};
     * {@code shards}: the encoded shard map then (empty when no entry ever changed it).
     */
    static RaftMetadata of(String dbid, SnapshotMeta meta, byte[] sessions, byte[] shards) {
        List<RaftMetadata.Member> members = new ArrayList<>();
        for (ClusterConfig.Member m : meta.config().members()) {
            members.add(new RaftMetadata.Member(m.id(), m.address(), m.voting()));
        }
        List<Long> used = new ArrayList<>();
        for (int id : meta.config().usedIds()) used.add((long) id);
        return new RaftMetadata(dbid, meta.lastIndex(), meta.lastTerm(), members, used, sessions, shards);
    }

    /** The snapshot point and configuration; {@code source} names the file in errors. */
    static SnapshotMeta toMeta(RaftMetadata raft, String source) throws IOException {
        if (raft == null) throw new IOException(source + ": not a Redraft snapshot (no redraft-* AUX fields)");
        List<ClusterConfig.Member> members = new ArrayList<>();
        List<Integer> memberIds = new ArrayList<>();
        for (RaftMetadata.Member m : raft.members()) {
            members.add(new ClusterConfig.Member(id(m.id(), source), m.address(), m.voting()));
            memberIds.add((int) m.id());
        }
        List<Integer> removed = new ArrayList<>();
        for (long id : raft.usedIds()) {
            if (!memberIds.contains((int) id) && !removed.contains((int) id)) removed.add(id(id, source));
        }
        return new SnapshotMeta(raft.lastIndex(), raft.lastTerm(), new ClusterConfig(members, removed));
    }

    private static int id(long id, String source) throws IOException {
        if (id <= 0 || id > Integer.MAX_VALUE) throw new IOException(source + ": invalid node id " + id);
        return (int) id;
    }
}
