package io.redraft.raft;

import static io.redraft.raft.PaperTermAndElectionTest.voters;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Raft §5.3 (log replication), §5.4.2 (commit rule) and the refusal to truncate committed entries. */
class PaperReplicationTest {
    private static Entry e(long index, long term) {
        return new Entry(index, term, EntryType.NORMAL, TestCluster.bytes("e" + index + "t" + term));
    }

    private static List<Entry> run(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) out.add(e(i, term));
        return out;
    }

    private static RaftNode follower(int id, List<Entry> log, long term, long commit) {
        MemoryLogStorage s = new MemoryLogStorage();
        s.installSnapshot(new SnapshotMeta(0, 0, voters(1, 2, 3)));
        s.append(log);
        s.setHardState(new HardState(term, 0, commit));
        return new RaftNode(RaftConfig.defaults(id).withTicks(10, 2), s, new SplittableRandom(id));
    }

    private static List<RaftMessage> out(RaftNode n) {
        Ready rd = n.ready();
        List<RaftMessage> all = new ArrayList<>(rd.messages());
        all.addAll(rd.messagesAfterPersist());
        if (rd.lastEntry() != null) n.persisted(rd.lastEntry().index(), rd.lastEntry().term());
        n.advance(rd);
        return all;
    }

    @Test
    void s5_3_aFollowerAppendsWhenThePreviousEntryMatchesAndCommitsWhatTheLeaderCommitted() {
        RaftNode f = follower(2, run(1, 2, 1), 1, 0);
        f.step(new AppendEntriesRequest(1, 2, 1, 1, 2, 1, 3, 7, run(3, 4, 1)));
        AppendEntriesResponse r = (AppendEntriesResponse) out(f).get(0);
        assertThat(r.success()).isTrue();
        assertThat(r.currentIndex()).isEqualTo(4);
        assertThat(r.msgId()).isEqualTo(7);
        assertThat(f.lastIndex()).isEqualTo(4);
        assertThat(f.commitIndex()).isEqualTo(3); // min(leaderCommit, last new entry)
    }

    @Test
    void s5_3_aFollowerRejectsWhenThePreviousEntryDoesNotMatch() {
        RaftNode f = follower(2, run(1, 2, 1), 1, 0);
        f.step(new AppendEntriesRequest(1, 2, 2, 1, 2, 2, 0, 1, run(3, 3, 2)));
        AppendEntriesResponse r = (AppendEntriesResponse) out(f).get(0);
        assertThat(r.success()).isFalse();
        assertThat(f.lastIndex()).isEqualTo(2);
        // hint: our entry at 2 has term 1 <= 2: the leader may resume right after it, or below
        assertThat(r.conflictIndex()).isEqualTo(2);
        assertThat(r.conflictTerm()).isEqualTo(1);
    }

    @Test
    void s5_3_conflictingUncommittedEntriesAreReplacedByTheLeaders() {
        RaftNode f = follower(2, run(1, 4, 1), 1, 1);
        f.step(new AppendEntriesRequest(1, 2, 2, 1, 1, 1, 1, 1, run(2, 3, 2)));
        assertThat(((AppendEntriesResponse) out(f).get(0)).success()).isTrue();
        assertThat(f.lastIndex()).isEqualTo(3);
        assertThat(f.status().lastIndex()).isEqualTo(3);
    }

    @Test
    void s5_3_aCommittedEntryIsNeverTruncatedAndTheRefusalIsCounted() {
        RaftNode f = follower(2, run(1, 4, 1), 1, 3);
        List<String> heard = new ArrayList<>();
        f.setRefusalListener((from, term, index, committed) -> heard.add(from + "/" + term + "/" + index + "/" + committed));
        f.step(new AppendEntriesRequest(1, 2, 2, 1, 1, 1, 4, 1, run(2, 4, 2)));
        assertThat(out(f)).isEmpty();
        assertThat(f.refusedTruncations()).isEqualTo(1);
        assertThat(heard).containsExactly("1/2/2/3");
        assertThat(f.lastIndex()).isEqualTo(4);
        assertThat(f.commitIndex()).isEqualTo(3);
        // a non-conflicting overlap with committed entries is fine
        f.step(new AppendEntriesRequest(1, 2, 2, 1, 1, 1, 4, 2, run(2, 4, 1)));
        assertThat(((AppendEntriesResponse) out(f).get(0)).success()).isTrue();
        assertThat(f.refusedTruncations()).isEqualTo(1);
    }

    @Test
    void s5_3_aRejectionHintLetsTheLeaderBackUpInOneStep() {
        TestCluster c = TestCluster.of(1, 2, 3);
        // leader-to-be: terms 1 then 3; node 2: a long run of term 1 it never committed
        preload(c.m(1), concat(run(1, 5, 1), run(6, 12, 3)), 3);
        preload(c.m(2), run(1, 10, 1), 1);
        preload(c.m(3), run(1, 5, 1), 1);
        c.elect(1);
        assertThat(c.leader()).isEqualTo(1);
        c.stabilize();
        long rejections = c.delivered.stream().filter(m -> m instanceof AppendEntriesResponse r && m.from() == 2
                && !r.success()).count();
        assertThat(rejections).isEqualTo(1);
        assertThat(c.m(2).storage.lastIndex()).isEqualTo(c.node(1).lastIndex());
        assertThat(c.m(2).storage.term(10)).isEqualTo(3);
    }

    @Test
    void s5_4_2_anEntryFromAPreviousTermIsNotCommittedByCountingReplicas() {
        TestCluster c = TestCluster.of(1, id -> RaftConfig.defaults(id).withTicks(10, 2).withAppendLimits(2, 1), 1, 2, 3);
        preload(c.m(1), List.of(e(1, 1), e(2, 2)), 2, 1);
        preload(c.m(2), List.of(e(1, 1), e(2, 2)), 2, 1);
        preload(c.m(3), List.of(e(1, 1)), 1, 1);
        // the new leader's own-term entries (its NO_OP) do not get through
        c.dropIf(m -> m instanceof AppendEntriesRequest a && a.entries().stream().anyMatch(x -> x.term() > 2));
        c.elect(1);
        long t = c.node(1).term();
        assertThat(t).isGreaterThan(2);
        c.tickAll(4);
        assertThat(c.m(3).storage.lastIndex()).isEqualTo(2); // index 2 is on all three nodes...
        assertThat(c.node(1).commitIndex()).isEqualTo(1); // ...yet not committed (Figure 8)
        c.heal();
        c.tickAll(2);
        assertThat(c.node(1).commitIndex()).isEqualTo(3); // committed with the NO_OP of term t
    }

    @Test
    void s5_4_2_theLeadersOwnVoteInTheCommitCountWaitsForItsDisk() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.isolate(3);
        c.m(1).deferPersist = true;
        long idx = c.node(1).propose(TestCluster.bytes("x"));
        c.stabilize();
        // follower 2 holds the entry, and the leader sent it before its own fsync...
        assertThat(c.m(2).storage.lastIndex()).isEqualTo(idx);
        // ...but 1 of 3 is not a majority until the leader's write is durable
        assertThat(c.node(1).commitIndex()).isLessThan(idx);
        c.m(1).flushPersist();
        c.stabilize();
        assertThat(c.node(1).commitIndex()).isEqualTo(idx);
    }

    @Test
    void s5_3_flowControlKeepsAtMostAppendReqMaxCountInFlight() {
        TestCluster c = TestCluster.of(1, id -> RaftConfig.defaults(id).withTicks(10, 2).withAppendLimits(2, 1 << 20), 1, 2, 3);
        c.elect(1);
        c.stabilize();
        for (int i = 0; i < 10; i++) {
            c.node(1).propose(TestCluster.bytes("p" + i));
            c.m(1).process(); // nothing is delivered meanwhile
        }
        long toTwo = c.queue.stream().filter(m -> m instanceof AppendEntriesRequest a && m.to() == 2
                && !a.entries().isEmpty()).count();
        assertThat(toTwo).isEqualTo(2);
        assertThat(c.node(1).status().peers()).allSatisfy(p -> assertThat(p.inflight()).isEqualTo(2));
        c.stabilize();
        assertThat(c.m(2).storage.lastIndex()).isEqualTo(c.node(1).lastIndex());
    }

    @Test
    void s5_3_flowControlCapsMessageSizeButAlwaysSendsTheFirstEntry() {
        TestCluster c = TestCluster.of(1, id -> RaftConfig.defaults(id).withTicks(10, 2).withAppendLimits(100, 1000), 1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.delivered.clear();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 9; i++) batch.add(new byte[300]);
        c.node(1).propose(batch);
        c.node(1).propose(new byte[5000]);
        c.stabilize();
        List<Integer> sizes = c.delivered.stream()
                .filter(m -> m instanceof AppendEntriesRequest a && m.to() == 2 && !a.entries().isEmpty())
                .map(m -> ((AppendEntriesRequest) m).entries().size()).toList();
        assertThat(sizes).containsExactly(3, 3, 3, 1);
        assertThat(c.m(2).storage.lastIndex()).isEqualTo(c.node(1).lastIndex());
    }

    @Test
    void s5_3_aLostAppendIsResentAfterAHeartbeatWithoutProgress() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.dropIf(m -> m instanceof AppendEntriesRequest a && m.to() == 2 && !a.entries().isEmpty());
        long idx = c.node(1).propose(TestCluster.bytes("lost"));
        c.stabilize();
        c.heal();
        assertThat(c.m(2).storage.lastIndex()).isLessThan(idx);
        c.tickAll(6);
        assertThat(c.m(2).storage.lastIndex()).isEqualTo(c.node(1).lastIndex());
    }

    static List<Entry> concat(List<Entry> a, List<Entry> b) {
        List<Entry> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static void preload(TestCluster.Member m, List<Entry> log, long term) {
        preload(m, log, term, 0);
    }

    static void preload(TestCluster.Member m, List<Entry> log, long term, long commit) {
        m.storage.append(log);
        m.storage.setHardState(new HardState(term, 0, commit));
        m.restart(m.cfg);
    }
}
