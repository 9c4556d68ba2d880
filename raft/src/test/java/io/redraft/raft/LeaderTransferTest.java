package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Leadership transfer with TimeoutNow, thesis §3.10. */
class LeaderTransferTest {
    @Test
    void leadershipMovesToTheNamedNodeWithoutWaitingForATimeout() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        long term = c.node(1).term();
        assertThat(c.node(1).transferLeadership(3)).isEqualTo(3);
        c.stabilize();
        assertThat(c.leader()).isEqualTo(3);
        assertThat(c.node(3).term()).isEqualTo(term + 1);
        assertThat(c.delivered).anyMatch(m -> m instanceof TimeoutNow t && t.to() == 3);
        // TimeoutNow skips Pre-Vote
        assertThat(c.delivered).noneMatch(m -> m instanceof VoteRequest v && v.from() == 3 && v.preVote());
    }

    @Test
    void proposalsAreRefusedWhileATransferRuns() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(2);
        c.node(1).propose(TestCluster.bytes("behind"));
        c.stabilize();
        c.node(1).transferLeadership(2);
        assertThatThrownBy(() -> c.node(1).propose(TestCluster.bytes("x")))
                .isInstanceOfSatisfying(RaftException.class,
                        e -> assertThat(e.error()).isEqualTo(RaftError.LEADER_TRANSFER_IN_PROGRESS));
        assertThatThrownBy(() -> c.node(1).transferLeadership(3)).isInstanceOf(RaftException.class);
    }

    @Test
    void aLaggingTargetIsCaughtUpFirst() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(2);
        for (int i = 0; i < 5; i++) c.node(1).propose(TestCluster.bytes("p" + i));
        c.stabilize();
        c.node(1).transferLeadership(2);
        c.stabilize();
        assertThat(c.delivered).noneMatch(m -> m instanceof TimeoutNow);
        c.heal();
        c.tickAll(6); // the lost append is resent after a heartbeat interval without progress
        assertThat(c.leader()).isEqualTo(2);
        assertThat(c.m(2).storage.lastIndex()).isGreaterThanOrEqualTo(c.m(1).storage.lastIndex() - 1);
    }

    @Test
    void anUnreachableTargetTimesOutAndProposalsResume() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(3);
        c.node(1).propose(TestCluster.bytes("behind"));
        c.stabilize();
        c.node(1).transferLeadership(3);
        c.dropIf(m -> m.to() == 3 || m.from() == 3);
        c.tickAll(10);
        assertThat(c.m(1).transferTimeouts).containsExactly(3);
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
        c.node(1).propose(TestCluster.bytes("ok again"));
    }

    @Test
    void zeroPicksTheMostUpToDateVoterAndInvalidTargetsAreRefused() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        assertThatThrownBy(() -> c.node(1).transferLeadership(1)).isInstanceOfSatisfying(RaftException.class,
                e -> assertThat(e.error()).isEqualTo(RaftError.INVALID_NODE_ID));
        assertThatThrownBy(() -> c.node(1).transferLeadership(99)).isInstanceOfSatisfying(RaftException.class,
                e -> assertThat(e.error()).isEqualTo(RaftError.INVALID_NODE_ID));
        assertThatThrownBy(() -> c.node(2).transferLeadership(3)).isInstanceOfSatisfying(RaftException.class,
                e -> assertThat(e.error()).isEqualTo(RaftError.NOT_LEADER));
        int target = c.node(1).transferLeadership(0);
        assertThat(target).isIn(2, 3);
        c.stabilize();
        assertThat(c.leader()).isEqualTo(target);
    }
}
