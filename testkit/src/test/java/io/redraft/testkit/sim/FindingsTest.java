package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Runs that exposed bugs in the core (see testkit/FINDINGS.md); each must pass once fixed. */
class FindingsTest {
    @Test
    @Disabled("FINDINGS.md F1: a single-voter leader sends AppendEntries of its new term before that term is durable")
    void f1SingleVoterLeaderActsInATermItHasNotPersisted() {
        SimParams params = SimParams.forSeed(8409).withGroupCommit(false);
        SimResult r = new Simulation(8409, params).run();
        assertThat(r.ok()).as(r.toString()).isTrue();
    }

    @Test
    @Disabled("FINDINGS.md F1: a single-voter leader sends AppendEntries of its new term before that term is durable")
    void f1InTheDefaultSweep() {
        for (long seed : SimulationTest.KNOWN_FINDINGS.keySet()) {
            SimResult r = Simulation.run(seed);
            assertThat(r.ok()).as(r.toString()).isTrue();
        }
    }


    @Test
    @Disabled("FINDINGS.md F2: installing a snapshot whose last entry the follower already holds discards its acknowledged tail")
    void f2SnapshotInstallDropsAcknowledgedTail() {
        SimResult r = Simulation.run(11420);
        assertThat(r.ok()).as(r.toString()).isTrue();
    }
}
