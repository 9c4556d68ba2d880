package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Linearizable reads without log writes: ReadIndex, thesis §6.4. */
class ReadIndexTest {
    /** Three nodes, node 1 leading, the election's messages forgotten. */
    private static TestCluster ledByNode1() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.delivered.clear();
        return c;
    }

    @Test
    void manyReadsAreConfirmedByOneHeartbeatRound() {
        TestCluster c = ledByNode1();
        for (long id = 1; id <= 100; id++) c.node(1).readIndex(id);
        c.stabilize();
        long heartbeats = c.delivered.stream()
                .filter(m -> m instanceof AppendEntriesRequest a && a.entries().isEmpty()).count();
        assertThat(heartbeats).isEqualTo(2); // one round: one per follower
        assertThat(c.m(1).reads).hasSize(100)
                .allSatisfy(r -> assertThat(r.index()).isEqualTo(c.node(1).commitIndex()));
        assertThat(c.m(1).reads.get(0).requestId()).isEqualTo(1);
        assertThat(c.delivered).noneMatch(m -> m instanceof AppendEntriesRequest a && !a.entries().isEmpty());
    }

    /**
     * A read round is not the periodic heartbeat: a follower whose appends are merely still in
     * flight (its fsync takes longer than the gap between two read rounds) must keep its
     * pipeline, not be demoted to probing and sent its entries again each round.
     */
    @Test
    void readRoundsDoNotTreatAppendsInFlightAsLost() {
        TestCluster c = ledByNode1();
        c.dropIf(m -> m instanceof AppendEntriesResponse r && r.from() == 2); // node 2's acks are slow
        c.node(1).propose(TestCluster.bytes("x"));
        c.stabilize();
        for (long id = 1; id <= 5; id++) {
            c.node(1).readIndex(id);
            c.stabilize();
        }
        assertThat(c.m(1).reads).hasSize(5); // nodes 1 and 3 are a majority
        PeerStatus p2 = c.node(1).status().peers().stream().filter(p -> p.id() == 2).findFirst().orElseThrow();
        assertThat(p2.state()).isEqualTo("replicate");
        assertThat(c.delivered.stream().filter(m -> m.to() == 2 && m instanceof AppendEntriesRequest a
                && !a.entries().isEmpty())).as("appends with entries sent to node 2").hasSize(1);
    }

    @Test
    void aReadWaitsForAMajorityToAcknowledgeARoundSentAfterIt() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(1);
        c.node(1).readIndex(42);
        c.stabilize();
        assertThat(c.m(1).reads).isEmpty();
        c.heal();
        c.tickAll(2); // the next heartbeat round carries a newer msg id
        assertThat(c.m(1).reads).extracting(ReadState::requestId).containsExactly(42L);
    }

    @Test
    void aNewLeaderServesReadsOnlyAfterCommittingAnEntryOfItsTerm() {
        TestCluster c = TestCluster.of(1, 2, 3);
        RaftNode n1 = c.node(1);
        c.dropIf(m -> m instanceof AppendEntriesResponse);
        c.elect(1);
        assertThat(n1.role()).isEqualTo(Role.LEADER);
        assertThat(n1.isReadyToServe()).isFalse();
        n1.readIndex(7);
        c.stabilize();
        assertThat(c.m(1).reads).isEmpty();
        c.heal();
        c.tickAll(3);
        assertThat(c.m(1).reads).extracting(ReadState::requestId).containsExactly(7L);
        assertThat(c.m(1).reads.get(0).index()).isGreaterThanOrEqualTo(1);
        assertThat(n1.isReadyToServe()).isTrue();
    }

    @Test
    void pendingReadsFailWhenLeadershipIsLost() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(1);
        c.node(1).readIndex(1);
        c.node(1).readIndex(2);
        c.stabilize();
        c.node(1).step(new AppendEntriesResponse(2, 1, c.node(1).term() + 1, false, 0, 0, 0, 0));
        c.stabilize();
        assertThat(c.m(1).failedReads).containsExactly(1L, 2L);
        assertThat(c.m(1).reads).isEmpty();
    }

    @Test
    void followersRefuseReadsWithTheLeaderToRedirectTo() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        assertThatThrownBy(() -> c.node(2).readIndex(1)).isInstanceOfSatisfying(RaftException.class, e -> {
            assertThat(e.error()).isEqualTo(RaftError.NOT_LEADER);
            assertThat(e.leaderId()).isEqualTo(1);
        });
    }

    @Test
    void aSingleVoterConfirmsReadsAtOnce() {
        TestCluster c = new TestCluster(1);
        TestCluster.Member m = c.add(5, RaftConfig.defaults(5));
        m.node.bootstrap("a:1");
        c.stabilize();
        m.node.readIndex(9);
        c.stabilize();
        assertThat(m.reads).containsExactly(new ReadState(9, 2));
    }
}
