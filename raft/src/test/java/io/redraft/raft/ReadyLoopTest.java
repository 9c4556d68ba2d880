package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadyLoopTest {
    /**
     * A follower gets the same AppendEntries twice before its first write of the entries is done
     * (the leader retransmits). The second success vouches for entries not yet durable, in a Ready
     * with nothing to persist: it must wait for the first write, or the leader counts a copy a crash
     * can still lose, and may commit on it.
     */
    @Test
    void anAcknowledgementOfEntriesReceivedTwiceWaitsForTheirFirstWrite() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        TestCluster.Member follower = c.m(2);
        RaftNode core = follower.node;
        long last = core.lastIndex();
        long term = core.term();
        Entry e = new Entry(last + 1, term, EntryType.NORMAL, new byte[] {1});
        AppendEntriesRequest ae = new AppendEntriesRequest(1, 2, term, 1, last, term, core.commitIndex(), 99, List.of(e));
        List<Runnable> writing = new ArrayList<>();
        List<RaftMessage> sent = new ArrayList<>();
        SlowDisk disk = new SlowDisk(core, follower.storage, writing, sent);
        ReadyLoop loop = disk.loop;

        core.step(ae);
        loop.run();
        core.step(ae);
        loop.run();
        assertThat(acks(sent, last + 1)).isEmpty();

        List.copyOf(writing).forEach(Runnable::run);
        assertThat(acks(sent, last + 1)).hasSize(2);
    }

    private static List<RaftMessage> acks(List<RaftMessage> sent, long index) {
        return sent.stream().filter(m -> m instanceof AppendEntriesResponse r && r.success() && r.currentIndex() >= index)
                .toList();
    }

    /** Ports whose writes complete only when the test runs them. */
    private static final class SlowDisk implements ReadyLoop.Ports {
        private final RaftNode core;
        private final MemoryLogStorage storage;
        private final List<Runnable> writing;
        private final List<RaftMessage> sent;
        final ReadyLoop loop = new ReadyLoop(this);

        SlowDisk(RaftNode core, MemoryLogStorage storage, List<Runnable> writing, List<RaftMessage> sent) {
            this.core = core;
            this.storage = storage;
            this.writing = writing;
            this.sent = sent;
        }

        public RaftNode core() {
            return core;
        }

        public boolean halted() {
            return false;
        }

        public boolean persistenceFailing() {
            return false;
        }

        public void receiveChunk(SnapshotChunk chunk) { }

        public boolean persist(Ready rd, Runnable whenDurable) {
            writing.add(() -> {
                storage.apply(rd);
                whenDurable.run();
            });
            return true;
        }

        public void compact(SnapshotMeta snapshot) { }

        public void send(List<RaftMessage> messages) {
            sent.addAll(messages);
        }

        public void installSnapshot(SnapshotMeta snapshot) { }

        public void apply(List<Entry> committed) { }

        public void readConfirmed(ReadState read) { }

        public void readFailed(long requestId) { }

        public void serveAppliedReads() { }

        public void takeSnapshot(SnapshotMeta request) { }

        public void leadershipChanged(SoftState soft, int transferTimedOut) { }

        public void advanced() { }

        public void resume() {
            loop.run();
        }
    }
}
