package io.redraft.storage;

import io.redraft.raft.SnapshotSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.redraft.storage.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A transfer keeps reading the snapshot it started with while a newer one is installed. */
class SnapshotSourceTest {
    @Test
    void readsStayOnTheSnapshotMetaLastReturned() throws Exception {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (NodeStorage s = fresh(fs, simConfig(true))) {
            SnapshotSource source = s.snapshotSource();
            assertThat(source.meta().lastIndex()).isZero();
            assertThat(source.size()).isZero();

            append(s, entries(1, 40, 1), null);
            installSnapshot(s, false, 10, 1, rdb(10));
            assertThat(source.meta().lastIndex()).isEqualTo(10);
            assertThat(source.size()).isEqualTo(rdb(10).length);
            assertThat(source.read(0, 100)).isEqualTo(Arrays.copyOf(rdb(10), 100));

            installSnapshot(s, false, 30, 1, rdb(30));
            // Mid-transfer: still the old file, though dbfilename now holds the new one.
            assertThat(source.read(100, 50)).isEqualTo(Arrays.copyOfRange(rdb(10), 100, 150));
            assertThat(source.size()).isEqualTo(rdb(10).length);
            // The core checks meta() before each round of chunks and restarts on a change.
            assertThat(source.meta().lastIndex()).isEqualTo(30);
            assertThat(source.read(0, 100)).isEqualTo(Arrays.copyOf(rdb(30), 100));
            assertThat(source.size()).isEqualTo(rdb(30).length);
        }
    }

    @Test
    void aRestartedLeaderServesItsStoredSnapshot() throws Exception {
        SimulatedFileSystem fs = new SimulatedFileSystem();
        try (NodeStorage s = fresh(fs, simConfig(true))) {
            append(s, entries(1, 20, 1), null);
            installSnapshot(s, false, 15, 1, rdb(15));
        }
        try (NodeStorage s = NodeStorage.open(simConfig(true), fs, null)) {
            SnapshotSource source = s.snapshotSource();
            assertThat(source.meta()).isEqualTo(s.log().snapshot());
            assertThat(source.read(0, 1 << 20)).isEqualTo(rdb(15));
        }
    }
}
