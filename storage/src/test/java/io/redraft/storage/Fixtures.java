package io.redraft.storage;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shared helpers: deterministic entries and synchronous wrappers around the log thread. */
final class Fixtures {
    static final String DBID = "0123456789abcdef0123456789abcdef";
    static final String OTHER_DBID = "fedcba9876543210fedcba9876543210";
    static final int NODE_ID = 1234567;
    static final ClusterConfig CONFIG = new ClusterConfig(List.of(
            new ClusterConfig.Member(NODE_ID, "localhost:5001", true),
            new ClusterConfig.Member(42, "localhost:5002", false)));

    private Fixtures() {}

    static StorageConfig simConfig(boolean fsync) {
        return StorageConfig.defaults(Path.of("/sim")).withFsync(fsync);
    }

    /** An entry whose payload is derived from its index and term, so content can be checked. */
    static Entry entry(long index, long term) {
        String text = "entry " + index + " of term " + term + " " + "x".repeat((int) (index % 37));
        return new Entry(index, term, index % 11 == 0 ? EntryType.NO_OP : EntryType.NORMAL,
                index % 11 == 0 ? new byte[0] : text.getBytes(StandardCharsets.UTF_8));
    }

    static List<Entry> entries(long from, long toInclusive, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= toInclusive; i++) out.add(entry(i, term));
        return out;
    }

    static LogWriter.Persisted append(NodeStorage s, List<Entry> entries, HardState hs) throws Exception {
        CompletableFuture<LogWriter.Persisted> done = new CompletableFuture<>();
        s.writer().submit(entries, hs, done::complete);
        return done.get(30, TimeUnit.SECONDS);
    }

    static void installSnapshot(NodeStorage s, boolean received, long index, long term, byte[] rdb) throws Exception {
        SnapshotWriter w = received ? s.snapshotFile().beginReceive() : s.snapshotFile().beginLocal();
        w.append(ByteBuffer.wrap(rdb));
        s.writer().installSnapshot(w, new SnapshotMeta(index, term, CONFIG)).get(30, TimeUnit.SECONDS);
    }

    static NodeStorage fresh(FileSystem fs, StorageConfig config) throws Exception {
        NodeStorage s = NodeStorage.open(config, fs, null);
        s.initialize(DBID, NODE_ID);
        return s;
    }

    static byte[] rdb(long index) {
        return ("REDIS0011 snapshot up to " + index).repeat(50).getBytes(StandardCharsets.UTF_8);
    }
}
