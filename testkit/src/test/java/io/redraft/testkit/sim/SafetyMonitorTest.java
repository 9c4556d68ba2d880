package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.SnapshotMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each safety check must fire on the anomaly it guards against, and stay quiet otherwise. */
class SafetyMonitorTest {
    private final SafetyMonitor m = new SafetyMonitor();

    private static Entry e(long index, long term, String data) {
        return new Entry(index, term, EntryType.NORMAL, data.getBytes());
    }

    @Test
    void electionSafety() {
        m.leader(1, 3);
        m.leader(1, 3);
        m.leader(2, 4);
        assertThatThrownBy(() -> m.leader(3, 3)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Election Safety");
    }

    @Test
    void logMatching() {
        m.written(1, List.of(e(1, 1, "a"), e(2, 1, "b")), 0);
        m.sent(1, List.of(e(1, 1, "a"), e(2, 1, "b")));
        m.written(2, List.of(e(1, 1, "a"), e(2, 1, "b")), 0);
        // One leader per term creates each (index, term): two different ones break Log Matching.
        assertThatThrownBy(() -> m.written(3, List.of(e(1, 1, "x")), 0)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Log Matching");
        // Same index and term at entry 2, but a different entry 1 before it.
        m.written(4, List.of(e(1, 3, "z")), 0);
        m.sent(4, List.of(e(1, 3, "z")));
        assertThatThrownBy(() -> m.written(4, List.of(e(2, 1, "b")), 0)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Log Matching");
    }

    @Test
    void anEntryThatNeverLeftACrashedNodeMayBeRecreatedDifferently() {
        m.written(1, List.of(e(1, 1, "a"), e(2, 2, "lost in the crash")), 0);
        m.restarted(1, SnapshotMeta.EMPTY, List.of(e(1, 1, "a")));
        long[] h = m.written(1, List.of(e(2, 2, "again")), 0);
        m.published(1, List.of(e(2, 2, "again")), h);
        assertThatThrownBy(() -> m.written(2, List.of(e(1, 1, "a"), e(2, 2, "other")), 0))
                .isInstanceOf(SafetyViolation.class).hasMessageContaining("Log Matching");
    }

    @Test
    void stateMachineSafety() {
        m.written(1, List.of(e(1, 1, "a")), 0);
        m.written(2, List.of(e(1, 2, "b")), 0);
        m.applied(1, e(1, 1, "a"));
        assertThatThrownBy(() -> m.applied(2, e(1, 2, "b"))).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("State Machine Safety");
    }

    @Test
    void applyingAnEntryNotInTheLogIsCaught() {
        m.written(1, List.of(e(1, 1, "a")), 0);
        assertThatThrownBy(() -> m.applied(1, e(2, 1, "b"))).isInstanceOf(SafetyViolation.class);
    }

    @Test
    void uncommittedSuffixMayBeReplacedButACommittedOneMayNot() {
        m.written(1, List.of(e(1, 1, "a"), e(2, 1, "b"), e(3, 1, "c")), 0);
        m.applied(1, e(1, 1, "a"));
        m.written(1, List.of(e(2, 2, "B")), 0);
        assertThat(m.checks()).isPositive();
        m.applied(1, e(2, 2, "B"));
        m.written(1, List.of(e(3, 3, "z")), 2);
        assertThatThrownBy(() -> m.written(1, List.of(e(2, 3, "z")), 2)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Committed entry truncated");
    }

    @Test
    void leaderCompleteness() {
        m.written(1, List.of(e(1, 1, "a"), e(2, 1, "b")), 0);
        m.written(2, List.of(e(1, 1, "a")), 0);
        m.applied(1, e(1, 1, "a"));
        m.applied(1, e(2, 1, "b"));
        m.leader(1, 1);
        m.leader(2, 1 - 1);
        assertThat(m.checks()).as("a late leader of an older term is not held to later commits").isPositive();
        assertThatThrownBy(() -> m.leader(2, 2)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Leader Completeness");
    }

    @Test
    void snapshotsCarryTheCommittedPrefix() {
        m.published(1, List.of(e(1, 1, "a"), e(2, 1, "b")), m.written(1, List.of(e(1, 1, "a"), e(2, 1, "b")), 0));
        m.applied(1, e(1, 1, "a"));
        m.applied(1, e(2, 1, "b"));
        m.snapshot(2, new SnapshotMeta(2, 1, ClusterConfig.EMPTY));
        m.written(2, List.of(e(3, 1, "c")), 0);
        m.leader(2, 2);
        assertThatThrownBy(() -> m.snapshot(3, new SnapshotMeta(2, 7, ClusterConfig.EMPTY)))
                .isInstanceOf(SafetyViolation.class);
    }

    @Test
    void commitAndAppliedNeverGoBackwardsExceptAcrossARestart() {
        m.progress(1, 5, 3);
        m.progress(1, 7, 7);
        assertThatThrownBy(() -> m.progress(1, 6, 7)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Commit index went backwards");
        assertThatThrownBy(() -> m.progress(1, 7, 4)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Applied state went backwards");
        m.restarted(1, SnapshotMeta.EMPTY, List.of());
        m.progress(1, 2, 0); // back to what its disk holds: allowed
    }

    @Test
    void aSnapshotOlderThanWhatTheNodeCommittedIsStale() {
        m.installing(1, 10, 10, 8);
        assertThatThrownBy(() -> m.installing(1, 9, 10, 8)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Stale snapshot installed");
        assertThatThrownBy(() -> m.installing(1, 9, 5, 10)).isInstanceOf(SafetyViolation.class)
                .hasMessageContaining("Stale snapshot installed");
    }
}
