package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.raft.RaftConfig;
import io.redraft.testkit.lin.OpKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raft paper §5.4.2, Figure 8, scripted on five nodes with the simulator's safety monitor
 * watching. A leader must not count replicas of an entry from an earlier term to commit it: here
 * a later leader sees a majority holding entries 7 and 8 of node 1's first term, but node 5, with
 * an entry of an intermediate term at 7, can still win an even later term and overwrite them. A
 * correct core does not commit 8 at that point; one that does (the deliberate bug "commit by
 * counting replicas of an entry from an older term") breaks Leader Completeness when node 5 wins.
 * (Terms in the comments below are those of the paper's figure; the run's own numbers differ.)
 */
class Figure8ScenarioTest {
    private static final RaftConfig CONFIG = RaftConfig.defaults(1).withTicks(10, 2).withAppendLimits(2, 1)
            .withPreVote(false).withCheckQuorum(false).withCompactionThreshold(0);

    @Test
    void anOldTermEntryIsNotCommittedByCountingReplicas() {
        ScriptedCluster c = new ScriptedCluster(5, CONFIG, 8);
        List<Integer> all = List.of(1, 2, 3, 4, 5);

        // (a) node 1 leads term 2; its NO_OP (7@2) and a write (8@2) reach node 2 only.
        c.watch(() -> {
            if (c.node(1).raft().isLeader()) c.cutBoth(List.of(1, 2), List.of(3, 4, 5));
        });
        c.tickOnly(1);
        assertThat(c.runUntil(() -> c.node(1).raft().isLeader(), 1000)).isTrue();
        c.clearWatchers();
        c.node(1).act(r -> r.propose(new KvCommand(1, OpKind.PUT, "k", "x").encode()));
        c.run(50);
        assertThat(c.node(2).raft().lastIndex()).isEqualTo(8);
        long term2 = c.node(1).raft().term();

        // (b) node 5 leads term 3 with votes from 3 and 4; its NO_OP (7@3) stays on node 5.
        c.tickOnly(5);
        c.watch(() -> {
            if (c.node(5).raft().isLeader()) c.isolate(5);
        });
        assertThat(c.runUntil(() -> c.node(5).raft().isLeader(), 2000)).isTrue();
        c.clearWatchers();
        assertThat(c.node(5).raft().term()).isGreaterThan(term2);

        // (c) node 1 (or 2) leads term 4 with votes from 1, 2, 3, and copies 7@2 and 8@2 to
        // node 3, which must not get the term-4 NO_OP.
        c.heal();
        c.isolate(4);
        c.isolate(5);
        c.tickOnly(1, 2);
        c.watch(() -> {
            if (c.node(3).raft().lastIndex() >= 8) {
                c.cut(1, 3);
                c.cut(2, 3);
            }
        });
        int leader = 0;
        for (int i = 0; i < 40 && leader == 0; i++) {
            c.run(50);
            leader = c.leaderOfTermAtLeast(c.node(5).raft().term() + 1);
        }
        assertThat(leader).as("a term-4 leader among nodes 1 and 2").isIn(1, 2);
        int l = leader;
        c.runUntil(() -> c.node(l).raft().commitIndex() >= 8, 300);
        c.clearWatchers();
        assertThat(c.node(3).raft().lastIndex()).isEqualTo(8);

        // (d) nodes 1 and 2 go away; node 5 wins term 5 with votes from 3 and 4 (its last
        // entry, 7@3, is newer than theirs) and overwrites 7 and 8 on node 3.
        c.heal();
        c.isolate(1);
        c.isolate(2);
        c.tickOnly(5);
        assertThat(c.runUntil(() -> c.leaderOfTermAtLeast(c.node(l).raft().term() + 1) == 5, 3000))
                .as("node 5 leads a later term: the scenario reached its dangerous point").isTrue();
        c.tickOnly(1, 2, 3, 4, 5);
        c.heal();
        c.run(1000);
        assertThat(all).allSatisfy(id -> assertThat(c.node(id).up()).isTrue());
    }
}
