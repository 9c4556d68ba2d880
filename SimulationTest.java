package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulator over many seeds. {@code -Dsim.seed=S} replays one seed (and
 * prints its summary); {@code -Dsim.seeds=N} sets how many seeds a sweep runs (default 2000),
 * starting at {@code -Dsim.from} (default 1).
 */
class SimulationTest {
    @Test
    void seedsPassAllChecks() {
        String one = System.getProperty("sim.seed");
        if (one != null) {
            SimResult r = Simulation.run(Long.parseLong(one));
            System.out.println(r);
            assertThat(r.ok()).as(r.toString()).isTrue();
            return;
        }
        long from = Long.getLong("sim.from", 1);
        long count = Long.getLong("sim.seeds", 2000);
        List<SimResult> failures = new ArrayList<>();
        long ops = 0;
        for (long seed = from; seed < from + count; seed++) {
            SimResult r = Simulation.run(seed);
            if (!r.ok()) {
                failures.add(r);
                System.out.println(r);
                if (failures.size() >= 5) break;
            }
        }
        assertThat(failures).as(() -> failures.size() + " failing seeds; first:\n" + failures.get(0)).isEmpty();
    }

    @Test
    void aSeedReplaysIdentically() {
        SimResult a = Simulation.run(42);
        SimResult b = Simulation.run(42);
        assertThat(b).isEqualTo(a);
    }
}
