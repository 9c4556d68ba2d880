package io.redraft.server.raft;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;
import io.redraft.server.log.LogSetup;
import io.redraft.storage.SnapshotWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Snapshots of the keyspace (Raft §7): taken when the log outgrows {@code raft.log-max-file-size}
 * or on RAFT.DEBUG COMPACT, streamed by the leader to followers behind the compaction point,
 * installed by followers, loaded at start.
 *
 * <p>File format (the {@code dbfilename} file): a header with what the snapshot covers — version
 * 1, last index, last term, member count, then per member id, voting flag and address — followed
 * by the store's own snapshot encoding. The header carries the membership because a follower
 * receiving the bytes learns the configuration only from them.
 *
 * <p>Taking a snapshot is stop-the-world on the node thread for now (the store has no
 * copy-on-write yet); RedisRaft forks instead.
 */
final class Snapshots {
    private static final Logger log = LogSetup.raft("snapshot");
    private static final int VERSION = 1;
    /** Bytes of a received snapshot kept in memory to read its header at install time. */
    private static final int HEADER_LIMIT = 1 << 20;

    private final RaftRuntime rt;
    private SnapshotWriter receiving;
    private final ByteArrayOutputStream receivedHead = new ByteArrayOutputStream();
    long created;
    long received;
    long lastTimeSecs = -1;

    Snapshots(RaftRuntime rt) {
        this.rt = rt;
    }

    /** The core asked for a snapshot at {@code meta.lastIndex()}, which is what has been applied. */
    void take(SnapshotMeta meta) {
        long start = System.nanoTime();
        SnapshotWriter w = null;
        try {
            w = rt.storage.snapshotFile().beginLocal();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(w.asStream(), 1 << 16));
            writeHeader(out, meta);
            rt.store.writeSnapshot(out);
            out.flush();
            rt.storage.writer().installSnapshot(w, meta).get();
            rt.raft.snapshotTaken(meta);
            created++;
            lastTimeSecs = (System.nanoTime() - start) / 1_000_000_000L;
            publish();
            log.info("Snapshot taken at index {} term {}", meta.lastIndex(), meta.lastTerm());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("Snapshot at index {} failed: {}", meta.lastIndex(), e.toString());
            abortQuietly(w);
            rt.raft.snapshotFailed();
        }
    }

    /** Bytes of a snapshot the leader is sending us. */
    void chunk(SnapshotChunk c) {
        try {
            if (c.offset() == 0) {
                abortQuietly(receiving);
                receiving = rt.storage.snapshotFile().beginReceive();
                receivedHead.reset();
            }
            if (receiving == null) return;
            receiving.write(c.offset(), ByteBuffer.wrap(c.data()));
            if (c.offset() == receivedHead.size() && receivedHead.size() < HEADER_LIMIT) {
                receivedHead.write(c.data(), 0, (int) Math.min(c.data().length, HEADER_LIMIT - receivedHead.size()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole snapshot arrived: make it ours and load it. */
    void install(SnapshotMeta partial) {
        try {
            SnapshotMeta meta = readHeader(new DataInputStream(new ByteArrayInputStream(receivedHead.toByteArray())));
            if (meta.lastIndex() != partial.lastIndex() || meta.lastTerm() != partial.lastTerm()) {
                throw new IOException("received snapshot is " + meta.lastIndex() + "@" + meta.lastTerm() + ", expected "
                        + partial.lastIndex() + "@" + partial.lastTerm());
            }
            rt.storage.writer().installSnapshot(receiving, meta).get();
            receiving = null;
            load();
            rt.raft.snapshotInstalled(meta);
            received++;
            publish();
            log.info("Snapshot received and loaded at index {} term {}", meta.lastIndex(), meta.lastTerm());
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            // Without the snapshot the node cannot go on consistently: RedisRaft aborts too.
            throw new IllegalStateException("failed to install the received snapshot", e);
        }
    }

    /** Loads the keyspace from the snapshot file, if storage has one; returns its last index. */
    long load() throws IOException {
        SnapshotMeta meta = rt.storage.log().snapshot();
        if (meta.lastIndex() == 0) return 0;
        try (InputStream raw = rt.storage.snapshotFile().openStream()) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
            readHeader(in);
            rt.store.readSnapshot(in);
        }
        rt.appliedIndex = meta.lastIndex();
        return meta.lastIndex();
    }

    /**
     * Lets the leader stream our latest snapshot to followers that need it. Storage's source pins
     * the file a transfer started with, so a newer snapshot installed mid-transfer cannot mix in.
     */
    void publish() {
        if (rt.storage.log().snapshot().lastIndex() == 0) return;
        rt.raft.setSnapshotSource(rt.storage.snapshotSource());
    }

    long fileSize() {
        try {
            return rt.storage.snapshotFile().exists() ? rt.storage.snapshotFile().size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void writeHeader(DataOutputStream out, SnapshotMeta meta) throws IOException {
        out.writeInt(VERSION);
        out.writeLong(meta.lastIndex());
        out.writeLong(meta.lastTerm());
        List<ClusterConfig.Member> members = meta.config().members();
        out.writeInt(members.size());
        for (ClusterConfig.Member m : members) {
            out.writeInt(m.id());
            out.writeBoolean(m.voting());
            out.writeUTF(m.address());
        }
    }

    private static SnapshotMeta readHeader(DataInputStream in) throws IOException {
        int v = in.readInt();
        if (v != VERSION) throw new IOException("unknown snapshot version " + v);
        long index = in.readLong();
        long term = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > 100_000) throw new IOException("bad member count " + n);
        List<ClusterConfig.Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = in.readInt();
            boolean voting = in.readBoolean();
            members.add(new ClusterConfig.Member(id, in.readUTF(), voting));
        }
        return new SnapshotMeta(index, term, new ClusterConfig(members));
    }

    private static void abortQuietly(SnapshotWriter w) {
        if (w == null) return;
        try {
            w.abort();
        } catch (IOException e) {
            // the temp file is deleted at the next start anyway
        }
    }
}
