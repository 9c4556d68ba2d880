package io.redraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void threeNodesElectAndReplicate() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        assertThat(c.leader()).isEqualTo(1);
        long idx = c.node(1).propose(TestCluster.bytes("hello"));
        c.stabilize();
        assertThat(c.node(1).commitIndex()).isEqualTo(idx);
        c.tickAll(3);
        for (int id : new int[] {1, 2, 3}) {
            assertThat(c.m(id).appliedData()).hasSize(1);
        }
    }

    @Test
    void bootstrapSingleNode() {
        TestCluster c = new TestCluster(1);
        TestCluster.Member m = c.add(7, RaftConfig.defaults(7));
        m.node.bootstrap("localhost:5001");
        c.stabilize();
        assertThat(m.node.role()).isEqualTo(Role.LEADER);
        assertThat(m.node.term()).isEqualTo(1);
        assertThat(m.node.commitIndex()).isEqualTo(2);
        assertThat(m.applied).extracting(Entry::type).containsExactly(EntryType.NO_OP, EntryType.ADD_NODE);
        assertThat(m.node.isReadyToServe()).isTrue();
    }

    @Test
    void timeoutsAndLimitsCanChangeLive() {
        TestCluster c = TestCluster.of(1, 2, 3);
        c.elect(1);
        c.stabilize();
        c.node(1).reconfigure(RaftConfig.defaults(1).withTicks(10, 2).withAppendLimits(1, 1 << 20));
        for (int i = 0; i < 5; i++) {
            c.node(1).propose(TestCluster.bytes("p" + i));
            c.m(1).process();
        }
        assertThat(c.node(1).status().peers()).allSatisfy(p -> assertThat(p.inflight()).isLessThanOrEqualTo(1));
        c.stabilize();
        assertThat(c.m(2).storage.lastIndex()).isEqualTo(c.node(1).lastIndex());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.node(1).reconfigure(RaftConfig.defaults(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
