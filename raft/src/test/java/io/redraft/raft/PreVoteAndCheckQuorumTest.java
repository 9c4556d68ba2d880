package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pre-Vote (thesis §9.6) and Check-Quorum (thesis §6.2). */
class PreVoteAndCheckQuorumTest {
    /** Three nodes, node 1 elected. */
    private static TestCluster ledByNode1() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        return c;
    }

    @Test
    void preVote_aPartitionedFollowerDoesNotInflateItsTermOrDisruptTheLeaderWhenItReturns() {
        TestCluster c = ledByNode1();
        long term = c.node(1).term();
        c.isolate(3);
        c.tickAll(100);
        assertThat(c.node(3).term()).isEqualTo(term);
        assertThat(c.node(3).role()).isEqualTo(Role.PRE_CANDIDATE);
        c.heal();
        c.tickAll(30);
        assertThat(c.leader()).isEqualTo(1);
        assertThat(c.node(1).term()).isEqualTo(term);
        assertThat(c.node(3).role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node(3).leaderId()).isEqualTo(1);
    }

    @Test
    void preVote_isRefusedWhileTheVoterHeardFromALeaderWithinTheElectionTimeout() {
        TestCluster c = ledByNode1();
        long term = c.node(2).term();
        c.node(2).step(new VoteRequest(3, 2, term + 1, true, 3, 100, term));
        Ready rd = c.node(2).ready();
        assertThat(rd.messages()).singleElement().isInstanceOfSatisfying(VoteResponse.class, r -> {
            assertThat(r.preVote()).isTrue();
            assertThat(r.granted()).isFalse();
        });
        assertThat(c.node(2).term()).isEqualTo(term); // a pre-vote never changes the voter's term
        c.node(2).advance(rd);
    }

    /** thesis §4.2.3: a real RequestVote within the lease changes nothing, wherever it came from. */
    @Test
    void leaderLease_aRequestVoteWhileTheLeaderIsHeardNeitherRaisesTheTermNorIsGranted() {
        TestCluster c = ledByNode1();
        long term = c.node(2).term();
        c.node(2).step(new VoteRequest(3, 2, term + 5, false, 3, 100, term));
        Ready rd = c.node(2).ready();
        assertThat(rd.messages()).isEmpty();
        assertThat(rd.messagesAfterPersist()).isEmpty();
        assertThat(c.node(2).term()).isEqualTo(term);
        assertThat(c.node(2).leaderId()).isEqualTo(1);
        assertThat(c.node(2).ignoredInLease()).isEqualTo(1);
        c.node(2).advance(rd);
        c.node(1).step(new VoteRequest(3, 1, term + 5, false, 3, 100, term));
        assertThat(c.node(1).term()).isEqualTo(term); // the leader keeps its lease too
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
    }

    /** A node of another cluster, or a forged sender, claiming to lead a later term is ignored under the lease. */
    @Test
    void leaderLease_aHigherTermLeaderThatIsNoMemberIsIgnored() {
        TestCluster c = ledByNode1();
        long term = c.node(2).term();
        c.node(2).step(new AppendEntriesRequest(77, 2, term + 3, 77, 0, 0, 0, 1, java.util.List.of()));
        assertThat(c.node(2).term()).isEqualTo(term);
        assertThat(c.node(2).leaderId()).isEqualTo(1);
        assertThat(c.node(2).ignoredInLease()).isEqualTo(1);
    }

    /** A leader's own transfer (TimeoutNow, thesis §3.10) is exempt, or no transfer could win. */
    @Test
    void leaderLease_doesNotHoldBackTheElectionOfALeadershipTransfer() {
        TestCluster c = ledByNode1();
        long term = c.node(2).term();
        c.node(2).step(new VoteRequest(3, 2, term + 1, false, 3, 100, term, true));
        assertThat(c.node(2).term()).isEqualTo(term + 1);
        assertThat(c.node(2).ready().messagesAfterPersist()).singleElement()
                .isInstanceOfSatisfying(VoteResponse.class, r -> assertThat(r.granted()).isTrue());
    }

    /** A restarted node knows no leader: its first timeout comes from (0, T], not [T, 2T). */
    @Test
    void restart_theFirstElectionComesWithinOneElectionTimeout() {
        for (long seed = 1; seed <= 20; seed++) {
            TestCluster c = TestCluster.of(seed, id -> RaftConfig.defaults(id).withTicks(10, 2), 1, 2, 3);
            RaftNode n = c.node(1);
            n.expediteFirstElection();
            for (int i = 0; i < 10 && n.role() == Role.FOLLOWER; i++) n.tick();
            assertThat(n.role()).as("seed %d", seed).isEqualTo(Role.PRE_CANDIDATE);
        }
    }

    @Test
    void preVote_aWonPreVoteLeadsToARealElectionInTheNextTerm() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(2);
        assertThat(c.leader()).isEqualTo(2);
        assertThat(c.node(2).term()).isEqualTo(1);
        assertThat(c.delivered).anyMatch(m -> m instanceof VoteRequest v && v.preVote())
                .anyMatch(m -> m instanceof VoteRequest v && !v.preVote());
    }

    @Test
    void checkQuorum_aLeaderCutOffFromTheMajorityStepsDownWithinAnElectionTimeout() {
        TestCluster c = ledByNode1();
        c.isolate(1);
        for (int i = 0; i < 2 * 10 && c.node(1).role() == Role.LEADER; i++) c.tickAll(1);
        assertThat(c.node(1).role()).isEqualTo(Role.FOLLOWER);
    }

    @Test
    void checkQuorum_aLeaderInContactWithAMajorityStaysLeader() {
        TestCluster c = ledByNode1();
        c.isolate(3);
        c.tickAll(50);
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
    }

    @Test
    void checkQuorum_offLeavesAnIsolatedLeaderInPlace() {
        TestCluster c = TestCluster.of(1, id -> RaftConfig.defaults(id).withTicks(10, 2).withCheckQuorum(false), 1, 2, 3);
        c.elect(1);
        c.isolate(1);
        c.tickAll(50);
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
    }
}
