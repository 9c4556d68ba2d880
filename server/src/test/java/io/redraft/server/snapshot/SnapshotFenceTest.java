package io.redraft.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.MemoryLogStorage;
import io.redraft.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** While storage installs a local snapshot, the core sees the log as already compacted to it. */
class SnapshotFenceTest {
    private static MemoryLogStorage logOf(int entries) {
        MemoryLogStorage log = new MemoryLogStorage();
        List<Entry> batch = new ArrayList<>();
        for (int i = 1; i <= entries; i++) batch.add(new Entry(i, i <= 5 ? 1 : 2, EntryType.NORMAL, new byte[] {(byte) i}));
        log.append(batch);
        return log;
    }

    @Test
    void raisedTheCoreSeesTheNewSnapshotAndOnlyEntriesAfterIt() {
        MemoryLogStorage log = logOf(10);
        SnapshotFence fence = new SnapshotFence(log);
        assertThat(fence.snapshot().lastIndex()).isZero();
        assertThat(fence.term(3)).isEqualTo(1);

        SnapshotMeta seven = new SnapshotMeta(7, 2, ClusterConfig.EMPTY);
        fence.raise(seven);
        assertThat(fence.snapshot()).isEqualTo(seven);
        assertThat(fence.firstIndex()).isEqualTo(8);
        assertThat(fence.lastIndex()).isEqualTo(10);
        assertThat(fence.term(7)).isEqualTo(2);
        assertThat(fence.term(9)).isEqualTo(2);
        assertThat(fence.entries(8, 11, Long.MAX_VALUE)).extracting(Entry::index).containsExactly(8L, 9L, 10L);
        assertThatThrownBy(() -> fence.entries(6, 9, Long.MAX_VALUE)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> fence.term(5)).isInstanceOf(IndexOutOfBoundsException.class);

        // storage catches up (the prefix really is gone), then the fence is lowered: same view
        log.compact(seven);
        assertThat(fence.snapshot()).isEqualTo(seven);
        fence.lower();
        assertThat(fence.snapshot()).isEqualTo(seven);
        assertThat(fence.firstIndex()).isEqualTo(8);
        assertThat(fence.term(7)).isEqualTo(2);
    }

    @Test
    void aNewerSnapshotInStorageWinsOverTheFence() {
        MemoryLogStorage log = logOf(10);
        SnapshotFence fence = new SnapshotFence(log);
        fence.raise(new SnapshotMeta(4, 1, ClusterConfig.EMPTY));
        SnapshotMeta received = new SnapshotMeta(20, 3, ClusterConfig.EMPTY);
        log.installSnapshot(received);
        assertThat(fence.snapshot()).isEqualTo(received);
        assertThat(fence.firstIndex()).isEqualTo(21);
        assertThat(fence.lastIndex()).isEqualTo(20);
    }
}
