package io.redraft.storage;

import io.redraft.raft.ConfChange;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.Role;
import io.redraft.raft.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Raft core runs on this storage as the server will run it (see {@link StoredNode}): a
 * restarted node carries on from what is on disk, a local snapshot compacts the log, and a new
 * follower receives the leader's snapshot file chunk by chunk.
 */
class CoreOnStorageTest {
    @TempDir
    Path dir;

    private final Map<Long, SnapshotMeta> snapshots = new ConcurrentHashMap<>();

    private StoredNode node(String name, int id) throws Exception {
        return new StoredNode(dir.resolve(name), id, snapshots);
    }

    /** Runs the nodes, delivering messages between them and ticking when idle, until {@code done}. */
    private static void run(BooleanSupplier done, StoredNode... nodes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached in time").isLessThan(deadline);
            boolean worked = false;
            for (StoredNode n : nodes) {
                while (n.step()) worked = true;
            }
            for (StoredNode n : nodes) {
                List<RaftMessage> out = new ArrayList<>(n.outbox);
                n.outbox.clear();
                for (RaftMessage m : out) {
                    for (StoredNode to : nodes) if (to.id == m.to()) to.raft.step(m);
                    worked = true;
                }
            }
            if (worked) continue;
            boolean acked = false;
            for (StoredNode n : nodes) acked |= n.awaitAck();
            if (!acked) for (StoredNode n : nodes) n.raft.tick();
        }
    }

    private static void propose(StoredNode n, String command) {
        n.raft.propose(command.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void committedEntriesSurviveARestart() throws Exception {
        List<String> proposed = new ArrayList<>();
        try (StoredNode a = node("a", 7)) {
            a.raft.bootstrap("localhost:5001");
            run(() -> a.raft.commitIndex() >= 2, a);
            for (int batch = 0; batch < 10; batch++) {
                List<byte[]> commands = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    String c = "SET k" + batch + " " + k;
                    proposed.add(c);
                    commands.add(c.getBytes(StandardCharsets.UTF_8));
                }
                a.raft.propose(commands);
                run(() -> a.applied.size() == proposed.size(), a);
            }
            assertThat(a.applied).isEqualTo(proposed);
            assertThat(a.storage.log().lastIndex()).isEqualTo(102);
        }
        try (StoredNode a = node("a", 7)) {
            assertThat(a.storage.log().hardState().term()).isEqualTo(1);
            assertThat(a.raft.lastIndex()).isEqualTo(102);
            run(() -> a.raft.role() == Role.LEADER && a.applied.size() == proposed.size(), a);
            assertThat(a.applied).isEqualTo(proposed);
            assertThat(a.raft.term()).isGreaterThan(1);
        }
    }

    @Test
    void aSnapshotCompactsTheLogAndARestartResumesAfterIt() throws Exception {
        try (StoredNode a = node("a", 7)) {
            a.raft.bootstrap("localhost:5001");
            run(() -> a.raft.commitIndex() >= 2, a);
            for (int i = 0; i < 30; i++) propose(a, "INCR n" + i);
            run(() -> a.applied.size() == 30, a);
            assertThat(a.raft.requestCompaction()).isTrue();
            run(() -> a.storage.log().snapshot().lastIndex() == 32, a);
            propose(a, "INCR after");
            run(() -> a.applied.size() == 31, a);
        }
        try (StoredNode a = node("a", 7)) {
            assertThat(a.storage.log().snapshot().lastIndex()).isEqualTo(32);
            assertThat(a.storage.log().firstIndex()).isEqualTo(33);
            assertThat(a.storage.log().snapshot().config().voterIds()).containsExactly(7);
            assertThat(a.applied).hasSize(30).startsWith("INCR n0", "INCR n1");
            run(() -> a.raft.role() == Role.LEADER && a.applied.contains("INCR after"), a);
            assertThat(a.applied).hasSize(31).endsWith("INCR after");
        }
    }

    @Test
    void aNewFollowerReceivesTheSnapshotFileAndKeepsIt() throws Exception {
        try (StoredNode a = node("a", 7); StoredNode b = node("b", 8)) {
            a.raft.bootstrap("localhost:5001");
            run(() -> a.raft.commitIndex() >= 2, a);
            for (int i = 0; i < 200; i++) propose(a, "SET key" + i + " " + "v".repeat(400 + 2 * i));
            run(() -> a.applied.size() == 200, a);
            assertThat(a.raft.requestCompaction()).isTrue();
            run(() -> a.storage.log().snapshot().lastIndex() == 202, a);

            a.raft.proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 8, "localhost:5002"));
            propose(a, "SET after snapshot");
            run(() -> b.applied.size() == 201, a, b);
            assertThat(b.applied).isEqualTo(a.applied);
            assertThat(b.storage.log().snapshot().lastIndex()).isEqualTo(202);
            assertThat(b.storage.snapshotFile().size()).isEqualTo(a.storage.snapshotFile().size()).isGreaterThan(65536); // more than one RAFT.SNAPSHOT chunk
        }
        try (StoredNode b = node("b", 8)) {
            assertThat(b.storage.log().snapshot().lastIndex()).isEqualTo(202);
            assertThat(b.raft.lastIndex()).isGreaterThanOrEqualTo(204);
            assertThat(b.applied).hasSize(200);
        }
    }
}
