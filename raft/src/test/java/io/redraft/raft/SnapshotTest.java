package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log compaction and InstallSnapshot, Raft §7. */
class SnapshotTest {
    private static RaftConfig cfg(int id) {
        return RaftConfig.defaults(id).withTicks(10, 2).withSnapshotLimits(2, 50);
    }

    /** Node 1 leads; 20 entries committed without node 3 (isolated, still isolated), then compacted. */
    private static TestCluster compactedPastNode3() {
        TestCluster c = TestCluster.of(1, SnapshotTest::cfg, 1, 2, 3);
        c.elect(1);
        c.isolate(3);
        proposeMany(c, 1, 20);
        c.node(1).requestCompaction();
        c.stabilize();
        return c;
    }

    private static void proposeMany(TestCluster c, int leader, int n) {
        for (int i = 0; i < n; i++) {
            c.node(leader).propose(TestCluster.bytes("value-" + i));
            c.stabilize();
        }
    }

    @Test
    void s7_aRequestedSnapshotIsTakenAtTheAppliedIndexAndThenTheLogPrefixIsDropped() {
        TestCluster c = TestCluster.of(1, SnapshotTest::cfg, 1, 2, 3);
        c.elect(1);
        proposeMany(c, 1, 10);
        c.m(1).autoSnapshot = false;
        long applied = c.node(1).lastApplied();
        assertThat(c.node(1).requestCompaction()).isTrue();
        c.stabilize();
        SnapshotMeta req = c.m(1).pendingSnapshotRequest;
        assertThat(req).isNotNull();
        assertThat(req.lastIndex()).isEqualTo(applied);
        assertThat(req.config().memberIds()).containsExactly(1, 2, 3);
        assertThat(c.node(1).requestCompaction()).isFalse(); // one at a time
        assertThat(c.node(1).isSnapshotInProgress()).isTrue();
        assertThat(c.m(1).storage.firstIndex()).isEqualTo(1); // nothing dropped before the app reports
        c.m(1).takeSnapshot(req);
        assertThat(c.node(1).isSnapshotInProgress()).isFalse();
        c.stabilize();
        assertThat(c.m(1).storage.firstIndex()).isEqualTo(applied + 1);
        assertThat(c.m(1).readies).anyMatch(r -> req.equals(r.compaction()));
        proposeMany(c, 1, 3); // replication continues after compaction
        assertThat(c.m(2).appliedData()).hasSize(13);
    }

    @Test
    void s7_theCompactionThresholdTriggersASnapshot() {
        TestCluster c = TestCluster.of(1, id -> cfg(id).withCompactionThreshold(500), 1, 2, 3);
        c.elect(1);
        proposeMany(c, 1, 30);
        assertThat(c.m(1).readies).anyMatch(r -> r.snapshotRequest() != null);
        assertThat(c.m(1).storage.snapshot().lastIndex()).isPositive();
    }

    /** #24: a snapshot that cannot cover a large unapplied entry would have storage copy it whole; it waits. */
    @Test
    void s7_theThresholdWaitsUntilALargeEntryIsApplied() {
        TestCluster c = TestCluster.of(1, id -> cfg(id).withCompactionThreshold(500), 1, 2, 3);
        c.elect(1);
        proposeMany(c, 1, 3);
        c.isolate(1);
        long big = c.node(1).propose(new byte[400]);
        c.tickAll(5);
        assertThat(c.m(1).readies).noneMatch(r -> r.snapshotRequest() != null);
        c.heal();
        c.tickAll(5);
        assertThat(c.m(1).readies).anyMatch(r -> r.snapshotRequest() != null && r.snapshotRequest().lastIndex() >= big);
        assertThat(c.m(1).readies).noneMatch(r -> r.snapshotRequest() != null && r.snapshotRequest().lastIndex() < big);
    }

    @Test
    void s7_aFollowerBehindTheCompactionPointReceivesTheSnapshotInChunks() {
        TestCluster c = compactedPastNode3();
        long snap = c.m(1).storage.snapshot().lastIndex();
        assertThat(snap).isGreaterThan(20);
        c.heal();
        c.delivered.clear();
        int outstanding = 0, maxOutstanding = 0;
        for (int i = 0; i < 20 && c.m(3).storage.snapshot().lastIndex() < snap; i++) {
            c.tickAll(1);
        }
        for (RaftMessage m : c.delivered) {
            if (m instanceof InstallSnapshotRequest r) {
                assertThat(r.data().length).isLessThanOrEqualTo(50);
                maxOutstanding = Math.max(maxOutstanding, ++outstanding);
            } else if (m instanceof InstallSnapshotResponse) {
                outstanding--;
            }
        }
        assertThat(maxOutstanding).isEqualTo(2);
        assertThat(c.m(3).storage.snapshot().lastIndex()).isEqualTo(snap);
        assertThat(c.m(3).storage.snapshot().config().memberIds()).containsExactly(1, 2, 3);
        c.tickAll(3);
        assertThat(dataOf(c.m(3))).isEqualTo(dataOf(c.m(1)));
        proposeMany(c, 1, 2);
        c.tickAll(2);
        assertThat(dataOf(c.m(3))).isEqualTo(dataOf(c.m(1)));
    }

    @Test
    void s7_aLostChunkIsResentAndHeartbeatsContinueDuringTheTransfer() {
        TestCluster c = compactedPastNode3();
        long snap = c.m(1).storage.snapshot().lastIndex();
        // a transfer that stalls (every chunk lost) for two election timeouts
        c.dropIf(m -> m instanceof InstallSnapshotRequest);
        c.delivered.clear();
        c.tickAll(25);
        assertThat(c.m(3).storage.snapshot().lastIndex()).isZero();
        assertThat(c.node(1).status().peers()).filteredOn(p -> p.id() == 3)
                .singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("snapshot"));
        // heartbeats kept flowing to node 3 meanwhile, so it never stood for election
        assertThat(c.delivered).filteredOn(m -> m instanceof AppendEntriesRequest a && a.to() == 3).hasSizeGreaterThan(5);
        assertThat(c.node(3).role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.node(3).leaderId()).isEqualTo(1);
        // now only the second chunk is lost, once
        boolean[] dropped = {false};
        c.dropIf(m -> {
            if (m instanceof InstallSnapshotRequest r && r.offset() == 50 && !dropped[0]) {
                dropped[0] = true;
                return true;
            }
            return false;
        });
        c.delivered.clear();
        for (int i = 0; i < 30 && c.m(3).storage.snapshot().lastIndex() < snap; i++) c.tickAll(1);
        assertThat(dropped[0]).isTrue();
        assertThat(c.m(3).storage.snapshot().lastIndex()).isEqualTo(snap);
        assertThat(c.delivered).filteredOn(m -> m instanceof InstallSnapshotRequest r && r.offset() == 50).isNotEmpty();
        assertThat(c.leader()).isEqualTo(1);
        c.tickAll(3);
        assertThat(dataOf(c.m(3))).isEqualTo(dataOf(c.m(1)));
    }

    @Test
    void s7_aNodeRestartsFromItsSnapshotAndLog() {
        TestCluster c = TestCluster.of(1, SnapshotTest::cfg, 1, 2, 3);
        c.elect(1);
        proposeMany(c, 1, 10);
        c.node(1).requestCompaction();
        c.stabilize();
        proposeMany(c, 1, 5);
        c.tickAll(2);
        long commit = c.node(2).commitIndex();
        c.m(2).restart(cfg(2));
        assertThat(c.node(2).commitIndex()).isEqualTo(commit);
        c.tickAll(3);
        assertThat(dataOf(c.m(2))).isEqualTo(dataOf(c.m(1)));
    }

    @Test
    void s7_aFollowerThatDivergesInsideTheLeadersSnapshotGetsTheSnapshot() {
        TestCluster c = TestCluster.of(1, SnapshotTest::cfg, 1, 2, 3);
        List<Entry> good = PaperReplicationTest.concat(entries(1, 3, 1), entries(4, 6, 3));
        PaperReplicationTest.preload(c.m(1), good, 3, 6);
        PaperReplicationTest.preload(c.m(2), good, 3, 6);
        // node 3 kept entries of a deposed term-2 leader at 4..8, never committed
        PaperReplicationTest.preload(c.m(3), PaperReplicationTest.concat(entries(1, 3, 1), entries(4, 8, 2)), 2, 3);
        // the leader-to-be has compacted everything it committed
        SnapshotMeta meta = new SnapshotMeta(6, 3, c.m(1).storage.snapshot().config());
        c.m(1).snapshotBytes = TestCluster.encode(meta, good);
        c.m(1).snapshotMeta = meta;
        c.m(1).snapshotFiles.put(6L, c.m(1).snapshotBytes);
        c.metas.put("6@3", meta);
        c.m(1).storage.compact(meta);
        c.m(1).restart(c.m(1).cfg);
        c.elect(1);
        assertThat(c.leader()).isEqualTo(1);
        c.tickAll(4); // stabilize() would throw if leader and follower argued forever
        assertThat(c.m(3).storage.snapshot().lastIndex()).isEqualTo(6);
        assertThat(c.m(3).storage.lastIndex()).isEqualTo(c.node(1).lastIndex());
        assertThat(c.m(3).storage.term(c.node(1).lastIndex())).isEqualTo(c.node(1).term());
    }

    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) out.add(new Entry(i, term, EntryType.NORMAL, TestCluster.bytes("e" + i + "t" + term)));
        return out;
    }

    private static List<String> dataOf(TestCluster.Member m) {
        List<String> out = new ArrayList<>();
        for (byte[] b : m.appliedData()) out.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }

    /**
     * Figure 13 step 6, and the simulator's "Stale snapshot installed" check: a whole snapshot
     * transfer replayed late (duplicated or delayed in the network) reaches a follower that has
     * since committed past it and compacted its own log beyond it. It must not be installed: that
     * would take the follower's state machine back in time. The follower says it holds it.
     */
    @Test
    void s7_aStaleSnapshotReplayedAfterTheFollowerCommittedPastItIsNotInstalled() {
        TestCluster c = compactedPastNode3();
        long snap = c.m(1).storage.snapshot().lastIndex();
        c.heal();
        c.delivered.clear();
        for (int i = 0; i < 20 && c.m(3).storage.snapshot().lastIndex() < snap; i++) c.tickAll(1);
        List<InstallSnapshotRequest> transfer = new ArrayList<>();
        for (RaftMessage m : c.delivered) if (m instanceof InstallSnapshotRequest r && r.to() == 3) transfer.add(r);
        assertThat(transfer).isNotEmpty().last().matches(InstallSnapshotRequest::lastChunk);
        proposeMany(c, 1, 10);
        c.node(3).requestCompaction();
        c.stabilize();
        long applied = c.node(3).lastApplied();
        assertThat(c.m(3).storage.snapshot().lastIndex()).isGreaterThan(snap);
        int readiesBefore = c.m(3).readies.size();
        c.delivered.clear();
        for (InstallSnapshotRequest r : transfer) c.deliver(r); // the whole old transfer, late
        c.stabilize();
        assertThat(c.m(3).readies.subList(readiesBefore, c.m(3).readies.size()))
                .noneMatch(r -> r.snapshotToInstall() != null || !r.snapshotChunks().isEmpty());
        assertThat(c.node(3).lastApplied()).isEqualTo(applied);
        assertThat(c.node(3).commitIndex()).isGreaterThanOrEqualTo(applied);
        assertThat(c.delivered).anyMatch(m -> m instanceof InstallSnapshotResponse r && r.from() == 3 && r.success());
    }
}
