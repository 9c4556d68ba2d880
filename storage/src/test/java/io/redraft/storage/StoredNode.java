package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.RaftNode;
import io.redraft.raft.Ready;
import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A node process for integration tests: the Raft core on {@link NodeStorage}, wired as the server
 * will wire it. Ready entries and hard state go to the log thread; its acknowledgements come back
 * through {@link #acks} and are handed to the core on the node (test) thread, together with the
 * messages that had to wait for them. The state machine is the list of applied commands, and its
 * snapshot is that list as text.
 */
final class StoredNode implements AutoCloseable {
    private record Ack(LogWriter.Persisted persisted, List<RaftMessage> messagesAfterPersist) {}

    final int id;
    final NodeStorage storage;
    final RaftNode raft;
    final List<String> applied = new ArrayList<>();
    final List<RaftMessage> outbox = new ArrayList<>();
    private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    /** Full snapshot metas by index, standing in for the configuration a real RDB carries. */
    private final Map<Long, SnapshotMeta> knownSnapshots;
    private SnapshotWriter receiving;

    StoredNode(Path dir, int id, Map<Long, SnapshotMeta> knownSnapshots) throws Exception {
        this.id = id;
        this.knownSnapshots = knownSnapshots;
        storage = NodeStorage.open(StorageConfig.defaults(dir));
        if (!storage.isInitialized()) storage.initialize(Fixtures.DBID, id);
        raft = new RaftNode(RaftConfig.defaults(id), storage.log(), new Random(id));
        raft.setSnapshotSource(storage.snapshotSource());
        if (storage.log().snapshot().lastIndex() > 0) {
            try (var in = storage.snapshotFile().openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!text.isEmpty()) applied.addAll(List.of(text.split("\n")));
            }
        }
    }

    /** Does one piece of work, or returns false if there was none. */
    boolean step() throws Exception {
        if (raft.hasReady()) {
            handle(raft.ready());
            return true;
        }
        Ack ack = acks.poll();
        if (ack == null) return false;
        raft.persisted(ack.persisted().lastIndex(), ack.persisted().lastTerm());
        outbox.addAll(ack.messagesAfterPersist());
        return true;
    }

    /** Waits briefly for the log thread; true if an acknowledgement arrived. */
    boolean awaitAck() throws InterruptedException {
        Ack ack = acks.poll(10, TimeUnit.MILLISECONDS);
        if (ack == null) return false;
        acks.add(ack);
        return true;
    }

    private void handle(Ready rd) throws Exception {
        for (SnapshotChunk c : rd.snapshotChunks()) {
            if (c.offset() == 0) {
                if (receiving != null) receiving.abort();
                receiving = storage.snapshotFile().beginReceive();
            }
            receiving.write(c.offset(), ByteBuffer.wrap(c.data()));
        }
        if (rd.hardState() != null || !rd.entries().isEmpty() || !rd.messagesAfterPersist().isEmpty()) {
            List<RaftMessage> after = rd.messagesAfterPersist();
            storage.writer().submit(rd.entries(), rd.hardState(), p -> acks.add(new Ack(p, after)));
        }
        outbox.addAll(rd.messages());
        for (Entry e : rd.committedEntries()) {
            if (e.type() == EntryType.NORMAL) applied.add(new String(e.data(), StandardCharsets.UTF_8));
        }
        if (rd.snapshotToInstall() != null) install(rd.snapshotToInstall());
        if (rd.snapshotRequest() != null) takeSnapshot(rd.snapshotRequest());
        raft.advance(rd);
    }

    private void takeSnapshot(SnapshotMeta meta) throws Exception {
        SnapshotWriter w = storage.snapshotFile().beginLocal();
        w.append(ByteBuffer.wrap(String.join("\n", applied).getBytes(StandardCharsets.UTF_8)));
        storage.writer().installSnapshot(w, meta).get(30, TimeUnit.SECONDS);
        knownSnapshots.put(meta.lastIndex(), meta);
        raft.snapshotTaken(meta);
    }

    private void install(SnapshotMeta partial) throws Exception {
        SnapshotMeta meta = knownSnapshots.get(partial.lastIndex());
        storage.writer().installSnapshot(receiving, meta).get(30, TimeUnit.SECONDS);
        receiving = null;
        applied.clear();
        try (var in = storage.snapshotFile().openStream()) {
            applied.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
        raft.snapshotInstalled(meta);
    }

    @Override
    public void close() {
        storage.close();
    }
}
