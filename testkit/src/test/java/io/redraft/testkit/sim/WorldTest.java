package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulator's world without Raft: time, network, disk. */
class WorldTest {
    private final Scheduler scheduler = new Scheduler();

    @Test
    void eventsRunInTimeOrderThenSchedulingOrder() {
        List<String> log = new ArrayList<>();
        scheduler.at(5, () -> log.add("b"));
        scheduler.at(3, () -> log.add("a"));
        scheduler.at(5, () -> log.add("c"));
        scheduler.at(9, () -> log.add("late"));
        scheduler.runUntil(5, () -> {});
        assertThat(log).containsExactly("a", "b", "c");
        assertThat(scheduler.now()).isEqualTo(5);
    }

    @Test
    void networkDeliversReordersAndDropsDeterministically() {
        assertThat(deliveries(7)).isEqualTo(deliveries(7));
        List<Integer> got = deliveries(7);
        assertThat(got).hasSizeLessThan(200).isNotEqualTo(got.stream().sorted().toList());
    }

    private List<Integer> deliveries(long seed) {
        Scheduler s = new Scheduler();
        SimNetwork<Integer> net = new SimNetwork<>(s, new SplittableRandom(seed), new SimNetwork.Faults(0.2, 0.1, 1, 30));
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 200; i++) net.send(1, 2, i, got::add);
        s.runUntil(1000, () -> {});
        return got;
    }

    @Test
    void lateCopiesArriveLongAfterTheOriginalWhateverTheMessage() {
        Scheduler s = new Scheduler();
        SimNetwork<String> net = new SimNetwork<>(s, new SplittableRandom(5), new SimNetwork.Faults(0, 0, 1, 2, 1.0, 400));
        List<String> got = new ArrayList<>();
        net.send(1, 2, "chunk", got::add);
        s.runUntil(10, () -> {});
        assertThat(got).containsExactly("chunk");
        s.runUntil(1000, () -> {});
        assertThat(got).containsExactly("chunk", "chunk");
        assertThat(net.stats()).contains("late=1");
    }

    @Test
    void partitionsCutDirectedLinksAndHeal() {
        SimNetwork<String> net = new SimNetwork<>(scheduler, new SplittableRandom(1), SimNetwork.Faults.RELIABLE);
        List<String> got = new ArrayList<>();
        net.cut(1, 2);
        net.send(1, 2, "lost", got::add);
        net.send(2, 1, "reply", got::add);
        net.send(3, 2, "other", got::add);
        scheduler.runUntil(10, () -> {});
        assertThat(got).containsExactlyInAnyOrder("reply", "other");
        net.send(2, 3, "in flight", got::add);
        net.cutBoth(2, 3);
        scheduler.runUntil(20, () -> {});
        assertThat(got).doesNotContain("in flight");
        net.heal();
        net.send(1, 2, "after heal", got::add);
        scheduler.runUntil(30, () -> {});
        assertThat(got).contains("after heal");
    }

    @Test
    void diskCompletesInOrderAndACrashLosesPendingWrites() {
        SimDisk disk = new SimDisk(scheduler, new SplittableRandom(3), 1, 20, true);
        List<Integer> durable = new ArrayList<>();
        List<Integer> reported = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int v = i;
            disk.write(() -> durable.add(v), () -> reported.add(v));
        }
        scheduler.runUntil(40, () -> {});
        assertThat(durable).isEqualTo(reported).isSubsetOf(0, 1, 2, 3, 4);
        assertThat(durable).isSorted();
        disk.write(() -> durable.add(99), () -> reported.add(99));
        disk.crash();
        scheduler.runUntil(1000, () -> {});
        assertThat(durable).doesNotContain(99).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void durableLogTruncatesConflictsAndCompactsToASavedSnapshot() {
        DurableLog log = new DurableLog();
        log.hardState(new HardState(2, 7, 0));
        log.append(List.of(e(1, 1), e(2, 1), e(3, 1)));
        log.append(List.of(e(2, 2)));
        assertThat(log.lastIndex()).isEqualTo(2);
        assertThat(log.term(2)).isEqualTo(2);
        log.append(List.of(e(3, 2), e(4, 2)));
        SnapshotMeta meta = new SnapshotMeta(3, 2, ClusterConfig.EMPTY);
        log.saveSnapshot(meta, new byte[] {9});
        log.compact(meta);
        assertThat(log.firstIndex()).isEqualTo(4);
        assertThat(log.term(3)).isEqualTo(2);
        assertThat(log.entries(4, 5, 1)).extracting(Entry::index).containsExactly(4L);
        assertThat(log.snapshotData()).containsExactly(9);
        log.installSnapshot(new SnapshotMeta(10, 3, ClusterConfig.EMPTY), new byte[] {1});
        assertThat(log.firstIndex()).isEqualTo(11);
        assertThat(log.lastIndex()).isEqualTo(10);
        assertThat(log.hardState()).as("a snapshot is committed").isEqualTo(new HardState(2, 7, 10));
    }

    @Test
    void snapshotBytesCarryTheConfiguration() {
        ClusterConfig cfg = new ClusterConfig(List.of(new ClusterConfig.Member(5, "a:1", true),
                new ClusterConfig.Member(6, "b:2", false)), List.of(4));
        SnapshotMeta meta = new SnapshotMeta(12, 3, cfg);
        KvStateMachine kv = new KvStateMachine();
        kv.advance(1);
        kv.apply(2, new KvCommand(1, io.redraft.testkit.lin.OpKind.PUT, "k", "v"));
        byte[] bytes = SnapshotCodec.encode(meta, kv.snapshot());
        assertThat(SnapshotCodec.meta(bytes)).isEqualTo(meta);
        KvStateMachine restored = new KvStateMachine();
        restored.restore(SnapshotCodec.kvBytes(bytes));
        assertThat(restored.get("k")).isEqualTo("v");
        assertThat(restored.applied()).isEqualTo(2);
    }

    private static Entry e(long index, long term) {
        return new Entry(index, term, EntryType.NORMAL, new byte[] {(byte) index});
    }
}
