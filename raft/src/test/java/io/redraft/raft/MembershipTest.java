package io.redraft.raft;

import static io.redraft.raft.PaperTermAndElectionTest.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Cluster membership changes, Raft §6 as refined by thesis §4 (single-server changes). */
class MembershipTest {
    private static RaftConfig cfg(int id) {
        return RaftConfig.defaults(id).withTicks(10, 2);
    }

    private static TestCluster bootstrapped(int id) {
        TestCluster c = new TestCluster(3);
        c.add(id, cfg(id)).node.bootstrap("n" + id);
        c.stabilize();
        return c;
    }

    private static void expect(RaftError error, Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(RaftException.class, e -> assertThat(e.error()).isEqualTo(error));
    }

    @Test
    void s6_aNewNodeJoinsAsNonVotingAndTheLeaderPromotesItOnceCaughtUp() {
        TestCluster c = bootstrapped(1);
        for (int i = 0; i < 10; i++) c.node(1).propose(TestCluster.bytes("v" + i));
        c.stabilize();
        long idx = c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "n2"));
        assertThat(c.node(1).config().member(2).voting()).isFalse(); // in effect once appended
        c.add(2, cfg(2));
        c.stabilize();
        c.tickAll(4);
        assertThat(c.node(1).config().isVoter(2)).isTrue();
        assertThat(c.node(2).config().isVoter(2)).isTrue();
        assertThat(c.m(1).applied).filteredOn(e -> e.type() == EntryType.ADD_NODE && e.index() > idx).hasSize(1);
        assertThat(c.m(2).appliedData()).hasSize(10);
        // now a majority of two is needed: the new voter's acknowledgement counts
        c.isolate(2);
        long p = c.node(1).propose(TestCluster.bytes("needs 2"));
        c.stabilize();
        assertThat(c.node(1).commitIndex()).isLessThan(p);
        c.heal();
        c.tickAll(4);
        assertThat(c.node(1).commitIndex()).isGreaterThanOrEqualTo(p);
    }

    @Test
    void s6_aNewNodeReceivesTheLogWithoutAnyFurtherWrite() {
        TestCluster c = bootstrapped(1);
        for (int i = 0; i < 3; i++) c.node(1).propose(TestCluster.bytes("v" + i));
        c.stabilize();
        // As with RAFT.CLUSTER JOIN: the new node only starts once its addition is applied, so the
        // AppendEntries carrying that entry is lost, and afterwards only heartbeats (which name
        // the match point, 0, and succeed) reach it. The leader must back up from its probe point
        // to where the new log ends, with no further write to trigger it.
        c.add(2, cfg(2));
        c.isolate(2);
        c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "n2"));
        c.stabilize();
        c.heal();
        c.tickAll(6);
        assertThat(c.m(2).appliedData()).hasSize(3);
        assertThat(c.node(1).config().isVoter(2)).isTrue();
    }

    @Test
    void s6_onlyVotingMembersCountInQuorums() {
        TestCluster c = bootstrapped(1);
        c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "n2"));
        // node 2 never answers: it is not a voter, so the leader alone is still a majority
        long p = c.node(1).propose(TestCluster.bytes("x"));
        c.stabilize();
        c.tickAll(5);
        assertThat(c.node(1).commitIndex()).isGreaterThanOrEqualTo(p);
        assertThat(c.node(1).config().isVoter(2)).isFalse();
    }

    @Test
    void s6_oneVotingChangeAtATime() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(1); // nothing commits from now on
        c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 3, ""));
        expect(RaftError.ONE_VOTING_CHANGE_ONLY,
                () -> c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 2, "")));
        // adding a non-voting member does not change any quorum: allowed meanwhile
        c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 4, "n4"));
        assertThat(c.node(1).config().memberIds()).containsExactly(1, 2, 4);
    }

    @Test
    void s6_invalidChangesAreRefusedWithRedisRaftErrors() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        expect(RaftError.NODE_ID_USED, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "")));
        expect(RaftError.NODE_NOT_FOUND, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 9, "")));
        expect(RaftError.NODE_NOT_FOUND, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NODE, 9, "")));
        expect(RaftError.INVALID_NODE_ID, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NODE, 2, "")));
        expect(RaftError.INVALID_NODE_ID, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, -5, "")));
        expect(RaftError.NOT_LEADER, () -> c.node(2).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 3, "")));
    }

    @Test
    void s6_aChangeBeforeTheLeaderCommittedInItsTermMustBeRetried() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.dropIf(m -> m instanceof AppendEntriesResponse);
        c.elect(1);
        expect(RaftError.TRY_AGAIN, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 3, "")));
    }

    @Test
    void s6_removedIdsAreNeverReused() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 3, ""));
        c.stabilize();
        c.tickAll(3);
        assertThat(c.node(1).config().usedIds()).containsExactly(1, 2, 3);
        expect(RaftError.NODE_ID_USED, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 3, "")));
        for (int i = 0; i < 50; i++) {
            int id = c.node(1).newNodeId();
            assertThat(id).isPositive().isNotIn(1, 2, 3);
        }
    }

    @Test
    void s6_aConfigurationTakesEffectWhenAppendedAndRevertsWhenTruncated() {
        MemoryLogStorage s = new MemoryLogStorage();
        s.installSnapshot(new SnapshotMeta(0, 0, voters(1, 2, 3)));
        RaftNode f = new RaftNode(cfg(2), s, new SplittableRandom(2));
        Entry add9 = new ConfChange(EntryType.ADD_NONVOTING_NODE, 9, "n9").toEntry(1, 1);
        f.step(new AppendEntriesRequest(1, 2, 1, 1, 0, 0, 0, 1, List.of(add9)));
        assertThat(f.config().contains(9)).isTrue();
        f.step(new AppendEntriesRequest(3, 2, 2, 3, 0, 0, 0, 1, List.of(new Entry(1, 2, EntryType.NO_OP, null))));
        assertThat(f.config().contains(9)).isFalse();
        assertThat(f.config().memberIds()).containsExactly(1, 2, 3);
    }

    @Test
    void s6_aRemovedFollowerLearnsOfItAndStopsTakingPart() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 3, ""));
        c.stabilize();
        c.tickAll(3);
        assertThat(c.node(3).isRemoved()).isTrue();
        assertThat(c.node(1).config().contains(3)).isFalse();
        assertThat(c.node(1).status().peers()).extracting(PeerStatus::id).containsExactly(2);
        c.tickAll(50); // a removed node never campaigns
        assertThat(c.node(3).term()).isEqualTo(c.node(1).term());
        long p = c.node(1).propose(TestCluster.bytes("two left"));
        c.stabilize();
        assertThat(c.node(1).commitIndex()).isGreaterThanOrEqualTo(p);
    }

    @Test
    void s6_theLastVoterCannotBeRemovedWhileOnlyNonVotersRemain() {
        TestCluster c = TestCluster.of(1);
        c.elect(1);
        c.stabilize();
        c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "n2"));
        expect(RaftError.LAST_VOTER, () -> c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 1, "")));
        assertThat(c.node(1).config().voterIds()).containsExactly(1);
    }

    @Test
    void debugNodeCfgOverridesAVotingFlagOnThisNodeOnly() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        assertThat(c.node(1).debugSetVoting(2, false)).isTrue();
        assertThat(c.node(1).config().isVoter(2)).isFalse();
        assertThat(c.node(1).config().voterIds()).containsExactly(1, 3);
        assertThat(c.node(2).config().isVoter(2)).isTrue(); // never logged: the others do not know
        // Replication goes on and node 2 is caught up: the leader does not promote it back (§4.2.1
        // is for nodes that joined without a vote), so the override holds as RedisRaft's does.
        long last = c.node(1).propose(TestCluster.bytes("more"));
        c.stabilize();
        assertThat(c.node(2).lastApplied()).isGreaterThanOrEqualTo(last);
        assertThat(c.node(1).config().isVoter(2)).isFalse();
        assertThat(c.node(1).lastIndex()).isEqualTo(last);
        assertThat(c.node(1).debugSetVoting(9, true)).isFalse();
        assertThat(c.node(1).debugSetVoting(2, true)).isTrue();
        assertThat(c.node(1).config().isVoter(2)).isTrue();
    }

    @Test
    void s6_theLastNodeMayRemoveItselfAndTheClusterEnds() {
        TestCluster c = TestCluster.of(1);
        c.elect(1);
        c.stabilize();
        long idx = c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 1, ""));
        c.stabilize();
        // the removal commits on the node's own disk, as RedisRaft's does; then it takes no part
        assertThat(c.node(1).commitIndex()).isGreaterThanOrEqualTo(idx);
        assertThat(c.node(1).isRemoved()).isTrue();
        assertThat(c.node(1).config().memberIds()).isEmpty();
        expect(RaftError.SHUTDOWN, () -> c.node(1).propose(TestCluster.bytes("no")));
    }

    @Test
    void s6_theLeaderCanRemoveItselfAndStepsDownOnceTheChangeCommits() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        long idx = c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 1, ""));
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER); // still leads while the change is pending
        c.stabilize();
        assertThat(c.node(1).isRemoved()).isTrue();
        assertThat(c.node(1).role()).isEqualTo(Role.FOLLOWER);
        c.tickAll(30);
        int leader = c.leader();
        assertThat(leader).isIn(2, 3);
        assertThat(c.node(leader).commitIndex()).isGreaterThanOrEqualTo(idx);
        long p = c.node(leader).propose(TestCluster.bytes("after"));
        c.stabilize();
        assertThat(c.node(leader).commitIndex()).isGreaterThanOrEqualTo(p);
        expect(RaftError.SHUTDOWN, () -> c.node(1).propose(TestCluster.bytes("no")));
    }

    @Test
    void s6_aRemovedNodeThatNeverLearnedItCannotDisruptTheCluster() {
        TestCluster c = TestCluster.of(1, id -> cfg(id).withPreVote(false), 1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.isolate(3);
        c.node(1).proposeConfChange(new ConfChange(EntryType.REMOVE_NODE, 3, ""));
        c.stabilize();
        c.tickAll(3);
        assertThat(c.node(1).config().contains(3)).isFalse();
        assertThat(c.node(3).isRemoved()).isFalse(); // it never heard
        long term = c.node(1).term();
        c.heal();
        c.dropIf(m -> m.to() == 3); // and never will: only its campaigns get through
        c.tickAll(100);
        assertThat(c.node(3).term()).isGreaterThan(term); // it kept standing for election...
        assertThat(c.leader()).isEqualTo(1); // ...without deposing anyone (thesis §4.2.3)
        assertThat(c.node(1).term()).isEqualTo(term);
    }

    @Test
    void s6_membershipSurvivesARestart() {
        TestCluster c = bootstrapped(1);
        c.node(1).proposeConfChange(new ConfChange(EntryType.ADD_NONVOTING_NODE, 2, "n2"));
        c.stabilize();
        c.m(1).restart(cfg(1));
        assertThat(c.node(1).config().memberIds()).containsExactly(1, 2);
        assertThat(c.node(1).config().isVoter(1)).isTrue();
        assertThat(c.node(1).term()).isEqualTo(1);
    }
}
