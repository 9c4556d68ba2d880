package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A large AppendEntries takes seconds to cross the wire, and every heartbeat and reply on that
 * connection waits behind it (#24). {@link RaftNode#heardFrom} is the transport telling the core
 * that the peer is taking the message in: the followers keep their leader, the leader keeps its
 * quorum and does not resend what is still on its way; nothing else changes.
 */
class TransportProgressTest {
    private static TestCluster ledByNode1() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        return c;
    }

    /** Everything between the leader and its followers is held (queued behind the big frame); what was sent is kept. */
    private static List<RaftMessage> holdLeaderTraffic(TestCluster c) {
        List<RaftMessage> held = new ArrayList<>();
        c.dropIf(m -> {
            boolean cut = m.from() == 1 || m.to() == 1;
            if (cut) held.add(m);
            return cut;
        });
        return held;
    }

    private static long appendsWithEntries(List<RaftMessage> sent, int to) {
        return sent.stream().filter(m -> m instanceof AppendEntriesRequest a && a.to() == to && !a.entries().isEmpty()).count();
    }

    @Test
    void aLargeAppendInTransitKeepsTheLeaderAndIsNotResent() {
        TestCluster c = ledByNode1();
        long term = c.node(1).term();
        List<RaftMessage> held = holdLeaderTraffic(c);
        long index = c.node(1).propose(TestCluster.bytes("a large value"));
        for (int t = 0; t < 60; t++) { // six election timeouts
            c.node(2).heardFrom(1);
            c.node(3).heardFrom(1);
            c.node(1).heardFrom(2);
            c.node(1).heardFrom(3);
            c.tickAll(1);
        }
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
        for (int id : new int[] {2, 3}) {
            assertThat(c.node(id).role()).as("node %d", id).isEqualTo(Role.FOLLOWER);
            assertThat(c.node(id).term()).as("node %d", id).isEqualTo(term);
            assertThat(appendsWithEntries(held, id)).as("appends of the entry to node %d", id).isEqualTo(1);
        }
        // The frame arrives at last: the entry commits in the same term.
        c.heal();
        for (RaftMessage m : held) c.deliver(m);
        c.tickAll(3);
        assertThat(c.node(1).commitIndex()).isGreaterThanOrEqualTo(index);
        assertThat(c.node(1).term()).isEqualTo(term);
    }

    @Test
    void withoutTransportProgressTheSameSilenceDeposesTheLeader() {
        TestCluster c = ledByNode1();
        List<RaftMessage> held = holdLeaderTraffic(c);
        c.node(1).propose(TestCluster.bytes("a large value"));
        c.tickAll(60);
        assertThat(c.node(1).role()).isNotEqualTo(Role.LEADER);
        assertThat(appendsWithEntries(held, 2)).as("the stalled append is resent").isGreaterThan(1);
    }

    @Test
    void progressFromANodeThatIsNotTheLeaderDoesNotHoldOffAnElection() {
        TestCluster c = ledByNode1();
        long term = c.node(2).term();
        c.isolate(1);
        for (int t = 0; t < 40 && c.node(2).term() == term && c.node(3).term() == term; t++) {
            c.node(2).heardFrom(3);
            c.node(3).heardFrom(2);
            c.tickAll(1);
        }
        assertThat(Math.max(c.node(2).term(), c.node(3).term())).isGreaterThan(term);
    }

    @Test
    void aFollowerHeardFromWithoutProgressIsNoLongerCountedOnceItFallsSilent() {
        TestCluster c = ledByNode1();
        c.isolate(1);
        for (int t = 0; t < 10; t++) {
            c.node(1).heardFrom(2);
            c.tickAll(1);
        }
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
        for (int t = 0; t < 25 && c.node(1).role() == Role.LEADER; t++) c.tickAll(1);
        assertThat(c.node(1).role()).isEqualTo(Role.FOLLOWER);
    }
}
