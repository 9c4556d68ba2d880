package io.redraft.storage;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftNode;
import io.redraft.raft.Ready;
import io.redraft.raft.Role;
import io.redraft.raft.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Raft core runs on this storage as the server will run it: Ready entries and hard state go to
 * the log thread, its acknowledgements come back to the node thread as {@code persisted}, and a
 * restarted node carries on from what is on disk.
 */
class CoreOnStorageTest {
    private static final int ID = 7;

    @TempDir
    Path dir;

    /** One node process: its storage, its core, and the node-thread loop that connects them. */
    private final class Node implements AutoCloseable {
        final NodeStorage storage;
        final RaftNode raft;
        final BlockingQueue<LogWriter.Persisted> acks = new LinkedBlockingQueue<>();
        final List<String> applied = new ArrayList<>();

        Node() throws Exception {
            storage = NodeStorage.open(StorageConfig.defaults(dir));
            if (!storage.isInitialized()) storage.initialize(Fixtures.DBID, ID);
            raft = new RaftNode(RaftConfig.defaults(ID), storage.log(), new Random(1));
        }

        void runUntil(BooleanSupplier done) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!done.getAsBoolean()) {
                assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
                if (raft.hasReady()) {
                    handle(raft.ready());
                    continue;
                }
                LogWriter.Persisted p = acks.poll(10, TimeUnit.MILLISECONDS);
                if (p != null) raft.persisted(p.lastIndex(), p.lastTerm());
                else raft.tick();
            }
        }

        private void handle(Ready rd) throws Exception {
            if (rd.hardState() != null || !rd.entries().isEmpty()) {
                storage.writer().submit(rd.entries(), rd.hardState(), acks::add);
            }
            for (Entry e : rd.committedEntries()) {
                if (e.type() == EntryType.NORMAL) applied.add(new String(e.data(), StandardCharsets.UTF_8));
            }
            if (rd.snapshotRequest() != null) takeSnapshot(rd.snapshotRequest());
            raft.advance(rd);
        }

        /** The "RDB" is the list of applied commands, enough to check it is opaque bytes in, bytes out. */
        private void takeSnapshot(SnapshotMeta meta) throws Exception {
            SnapshotWriter w = storage.snapshotFile().beginLocal();
            w.append(ByteBuffer.wrap(String.join("\n", applied).getBytes(StandardCharsets.UTF_8)));
            storage.writer().installSnapshot(w, meta).get(30, TimeUnit.SECONDS);
            raft.snapshotTaken(meta);
        }

        @Override
        public void close() {
            storage.close();
        }
    }

    @Test
    void committedEntriesSurviveARestart() throws Exception {
        List<String> proposed = new ArrayList<>();
        try (Node node = new Node()) {
            node.raft.bootstrap("localhost:5001");
            node.runUntil(() -> node.raft.commitIndex() >= 2);
            for (int batch = 0; batch < 10; batch++) {
                List<byte[]> commands = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    String c = "SET k" + batch + " " + k;
                    proposed.add(c);
                    commands.add(c.getBytes(StandardCharsets.UTF_8));
                }
                node.raft.propose(commands);
                node.runUntil(() -> node.applied.size() == proposed.size());
            }
            assertThat(node.applied).isEqualTo(proposed);
            assertThat(node.storage.log().lastIndex()).isEqualTo(102);
        }
        try (Node node = new Node()) {
            assertThat(node.storage.log().hardState().term()).isEqualTo(1);
            assertThat(node.raft.lastIndex()).isEqualTo(102);
            node.runUntil(() -> node.raft.role() == Role.LEADER && node.applied.size() == proposed.size());
            assertThat(node.applied).isEqualTo(proposed);
            assertThat(node.raft.term()).isGreaterThan(1);
        }
    }

    @Test
    void aSnapshotCompactsTheLogAndARestartResumesAfterIt() throws Exception {
        try (Node node = new Node()) {
            node.raft.bootstrap("localhost:5001");
            node.runUntil(() -> node.raft.commitIndex() >= 2);
            for (int i = 0; i < 30; i++) node.raft.propose(("INCR n" + i).getBytes(StandardCharsets.UTF_8));
            node.runUntil(() -> node.applied.size() == 30);
            assertThat(node.raft.requestCompaction()).isTrue();
            node.runUntil(() -> node.storage.log().snapshot().lastIndex() == 32);
            node.raft.propose("INCR after".getBytes(StandardCharsets.UTF_8));
            node.runUntil(() -> node.applied.size() == 31);
        }
        try (Node node = new Node()) {
            assertThat(node.storage.log().snapshot().lastIndex()).isEqualTo(32);
            assertThat(node.storage.log().firstIndex()).isEqualTo(33);
            assertThat(node.storage.log().snapshot().config().voterIds()).containsExactly(ID);
            assertThat(new String(node.storage.snapshotFile().read(0, 100).array(), StandardCharsets.UTF_8))
                    .startsWith("INCR n0\nINCR n1\n");
            node.runUntil(() -> node.raft.role() == Role.LEADER && node.applied.contains("INCR after"));
            assertThat(node.applied).containsExactly("INCR after");
        }
    }
}
