package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs that exposed bugs in the core (see testkit/FINDINGS.md). Open ones are disabled (they
 * would fail the build); fixed ones stay as regression tests.
 */
class FindingsTest {
    @Test
    void f1SingleVoterLeaderActsInATermItHasNotPersisted() {
        SimParams params = SimParams.forSeed(8409).withGroupCommit(false);
        SimResult r = new Simulation(8409, params).run();
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    void f1SeedsOfTheSweeps() {
        for (long seed : new long[] {609, 9969, 10183, 19500}) {
            SimResult r = Simulation.run(seed);
            assertThat(r.ok()).as(r.toString()).isTrue();
        }
    }


    @Test
    void f2SnapshotInstallDropsAcknowledgedTail() {
        SimResult r = Simulation.run(11420);
        assertThat(r.ok()).as(r.toString()).isTrue();
    }
}
