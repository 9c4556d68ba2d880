package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The application's hold on applying ({@code RaftNode.setApplyLimit}): RedisRaft's
 * {@code log-disable-apply}, {@code log-delay-apply} and its apply throttle. Committing goes on.
 */
class ApplyLimitTest {
    @Test
    void heldBackEntriesCommitButAreNotHandedOutUntilReleased() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.node(2).setApplyLimit(0);
        int before = c.m(2).applied.size();
        long p = c.node(1).propose(TestCluster.bytes("a"));
        c.node(1).propose(TestCluster.bytes("b"));
        c.stabilize();
        c.tickAll(5);
        assertThat(c.node(2).commitIndex()).isGreaterThanOrEqualTo(p + 1);
        assertThat(c.m(2).applied).hasSize(before);
        assertThat(c.node(2).lastApplied()).isLessThan(p);

        // One at a time: the first of the two, then the second.
        c.node(2).setApplyLimit(1);
        Ready rd = c.node(2).ready();
        assertThat(rd.committedEntries()).hasSize(1);
        assertThat(rd.committedEntries().get(0).index()).isEqualTo(p);
        c.m(2).applied.addAll(rd.committedEntries());
        c.node(2).advance(rd);
        assertThat(c.node(2).lastApplied()).isEqualTo(p);
        c.node(2).setApplyLimit(Long.MAX_VALUE);
        c.stabilize();
        assertThat(c.m(2).appliedData()).endsWith(TestCluster.bytes("a"), TestCluster.bytes("b"));
        assertThat(c.node(2).lastApplied()).isEqualTo(p + 1);
    }
}
