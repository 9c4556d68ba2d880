package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Raft §5.1 (terms), §5.2 (leader election) and §5.4.1 (election restriction). */
class PaperTermAndElectionTest {
    private static RaftConfig noPreVote(int id) {
        return RaftConfig.defaults(id).withTicks(10, 2).withPreVote(false);
    }

    @Test
    void s5_1_anyMessageWithAHigherTermTurnsTheReceiverIntoAFollowerOfThatTerm() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        long t = c.node(1).term();
        c.node(1).step(new AppendEntriesResponse(2, 1, t + 5, false, 0, 0, 0, 0));
        assertThat(c.node(1).role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node(1).term()).isEqualTo(t + 5);
        assertThat(c.node(1).votedFor()).isZero();
    }

    @Test
    void s5_1_aRequestFromAStaleTermIsRejectedWithTheCurrentTerm() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        RaftNode n2 = c.node(2);
        long t = n2.term();
        n2.step(new AppendEntriesRequest(3, 2, t - 1, 3, 0, 0, 0, 0, List.of()));
        Ready rd = n2.ready();
        List<RaftMessage> out = new java.util.ArrayList<>(rd.messages());
        out.addAll(rd.messagesAfterPersist());
        assertThat(out).singleElement().isInstanceOfSatisfying(AppendEntriesResponse.class,
                r -> {
                    assertThat(r.success()).isFalse();
                    assertThat(r.term()).isEqualTo(t);
                });
        n2.advance(rd);
    }

    @Test
    void s5_1_aDeposedLeaderStepsDownWhenItHearsTheNewTerm() {
        TestCluster c = TestCluster.of(1, id -> RaftConfig.defaults(id).withTicks(10, 2).withCheckQuorum(false), 1, 2, 3);
        c.elect(1);
        c.isolate(1);
        for (int i = 0; i < 100 && c.node(2).role() != Role.LEADER && c.node(3).role() != Role.LEADER; i++) {
            c.tickAll(1);
        }
        int newLeader = c.node(2).role() == Role.LEADER ? 2 : 3;
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER); // does not know yet
        c.heal();
        c.tickAll(2); // old leader's heartbeat is answered with the new term
        assertThat(c.node(1).role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node(1).term()).isEqualTo(c.node(newLeader).term());
        assertThat(c.leader()).isEqualTo(newLeader);
    }

    @Test
    void s5_2_electionTimeoutIsRandomizedBetweenTAnd2T() {
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            MemoryLogStorage s = new MemoryLogStorage();
            s.installSnapshot(new SnapshotMeta(0, 0, voters(1, 2, 3)));
            RaftNode n = new RaftNode(noPreVote(1), s, new SplittableRandom(seed));
            int ticks = 0;
            while (n.role() == Role.FOLLOWER) {
                n.tick();
                ticks++;
            }
            assertThat(ticks).isBetween(10, 19);
            assertThat(n.role()).isEqualTo(Role.CANDIDATE);
            seen.add(ticks);
        }
        assertThat(seen.size()).isGreaterThan(3);
    }

    @Test
    void s5_2_aCandidateVotesForItselfAndAsksEveryVoterAfterPersistingItsVote() {
        MemoryLogStorage s = new MemoryLogStorage();
        s.installSnapshot(new SnapshotMeta(0, 0, voters(1, 2, 3)));
        RaftNode n = new RaftNode(noPreVote(1), s, new SplittableRandom(1));
        while (n.role() == Role.FOLLOWER) n.tick();
        Ready rd = n.ready();
        assertThat(rd.hardState()).isEqualTo(new HardState(1, 1, 0));
        assertThat(rd.messages()).isEmpty();
        assertThat(rd.messagesAfterPersist()).hasSize(2).allSatisfy(m -> assertThat(m)
                .isInstanceOfSatisfying(VoteRequest.class, v -> assertThat(v.preVote()).isFalse()));
    }

    @Test
    void s5_2_aNodeGrantsAtMostOneVotePerTerm() {
        TestCluster c = TestCluster.of(1, PaperTermAndElectionTest::noPreVote, 1, 2, 3);
        RaftNode n3 = c.node(3);
        n3.step(new VoteRequest(1, 3, 1, false, 1, 0, 0));
        n3.step(new VoteRequest(2, 3, 1, false, 2, 0, 0));
        n3.step(new VoteRequest(1, 3, 1, false, 1, 0, 0)); // a retry from the one we voted for
        Ready rd = n3.ready();
        assertThat(rd.messagesAfterPersist()).extracting(m -> ((VoteResponse) m).granted())
                .containsExactly(true, false, true);
        assertThat(rd.hardState().votedFor()).isEqualTo(1);
    }

    @Test
    void s5_2_aSplitVoteIsResolvedByALaterElection() {
        TestCluster c = TestCluster.of(1, PaperTermAndElectionTest::noPreVote, 1, 2, 3, 4);
        // 1 and 2 stand at the same time; 3 hears 1 first, 4 hears 2 first
        while (c.node(1).role() == Role.FOLLOWER) c.node(1).tick();
        while (c.node(2).role() == Role.FOLLOWER) c.node(2).tick();
        c.m(1).process();
        c.m(2).process();
        c.queue.removeIf(m -> (m.from() == 1 && m.to() == 4) || (m.from() == 2 && m.to() == 3));
        c.stabilize();
        assertThat(c.node(1).role()).isEqualTo(Role.CANDIDATE);
        assertThat(c.node(2).role()).isEqualTo(Role.CANDIDATE);
        assertThat(c.leader()).isZero();
        for (int i = 0; i < 100 && c.leader() == 0; i++) c.tickAll(1);
        assertThat(c.leader()).isNotZero();
        assertThat(c.node(c.leader()).term()).isGreaterThan(1);
    }

    @Test
    void s5_2_aCandidateThatHearsFromTheLeaderOfItsTermBecomesFollower() {
        TestCluster c = TestCluster.of(1, PaperTermAndElectionTest::noPreVote, 1, 2, 3);
        RaftNode n2 = c.node(2);
        while (n2.role() == Role.FOLLOWER) n2.tick();
        n2.step(new AppendEntriesRequest(1, 2, n2.term(), 1, 0, 0, 0, 1, List.of()));
        assertThat(n2.role()).isEqualTo(Role.FOLLOWER);
        assertThat(n2.leaderId()).isEqualTo(1);
    }

    @Test
    void s5_4_1_aVoteIsRefusedToACandidateWithALessUpToDateLog() {
        MemoryLogStorage s = new MemoryLogStorage();
        s.installSnapshot(new SnapshotMeta(0, 0, voters(1, 2, 3)));
        s.append(List.of(new Entry(1, 1, EntryType.NO_OP, null), new Entry(2, 2, EntryType.NO_OP, null)));
        s.setHardState(new HardState(2, 0, 0));
        RaftNode n = new RaftNode(noPreVote(3), s, new SplittableRandom(1));
        n.step(new VoteRequest(1, 3, 3, false, 1, 5, 1)); // longer, but older last term
        n.step(new VoteRequest(2, 3, 4, false, 2, 1, 2)); // same last term, shorter
        n.step(new VoteRequest(1, 3, 5, false, 1, 2, 2)); // as up to date: granted
        Ready rd = n.ready();
        assertThat(rd.messagesAfterPersist()).extracting(m -> ((VoteResponse) m).granted())
                .containsExactly(false, false, true);
    }

    @Test
    void s5_2_leadersAreUniquePerTermAcrossManySeeds() {
        for (long seed = 1; seed <= 30; seed++) {
            TestCluster c = TestCluster.of(seed, id -> RaftConfig.defaults(id).withTicks(10, 2), 1, 2, 3, 4, 5);
            for (int i = 0; i < 40; i++) {
                c.tickAll(1);
                c.leader(); // throws on two leaders of one term
            }
            assertThat(c.leader()).as("seed %d", seed).isNotZero();
        }
    }

    @Test
    void figure2_aLoneVoterSendsNothingInItsNewTermBeforeTheTermIsDurable() {
        TestCluster c = new TestCluster(5);
        c.add(1, RaftConfig.defaults(1).withTicks(10, 2)).node.bootstrap("n1");
        c.stabilize();
        c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "n2"));
        // node 2 is cut off until node 1 has won alone, so it cannot catch up and be promoted:
        // node 1 stays the only voter
        c.isolate(2);
        c.add(2, RaftConfig.defaults(2).withTicks(10, 2));
        c.stabilize();
        // node 1 loses leadership, then wins alone again while its disk lags behind
        c.node(1).step(new AppendEntriesResponse(2, 1, c.node(1).term() + 1, false, 0, 0, 0, 0));
        c.m(1).deferPersist = true;
        for (int i = 0; i < 40 && c.node(1).role() != Role.LEADER; i++) c.tickAll(1);
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
        long term = c.node(1).term();
        c.heal();
        c.tickAll(3);
        assertThat(c.delivered).noneMatch(m -> m.from() == 1 && m.term() == term);
        c.m(1).flushPersist();
        c.tickAll(3);
        assertThat(c.delivered).anyMatch(m -> m instanceof AppendEntriesRequest && m.from() == 1 && m.term() == term);
    }

    static ClusterConfig voters(int... ids) {
        List<ClusterConfig.Member> ms = new java.util.ArrayList<>();
        for (int id : ids) ms.add(new ClusterConfig.Member(id, "n" + id, true));
        return new ClusterConfig(ms);
    }
}
