package io.redraft.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Runs the deterministic simulator over many seeds. {@code -Dsim.seed=S} replays one seed (and
 * prints its summary); {@code -Dsim.seeds=N} sets how many seeds a sweep runs (default 2000),
 * starting at {@code -Dsim.from} (default 1), on {@code -Dsim.threads} threads (default 2), and
 * stops after {@code -Dsim.maxFailures} failing seeds (default 5). Each
 * run is single-threaded and independent, so threads change nothing but the wall time.
 */
class SimulationTest {
    /** A sweep stops after this many failing seeds ({@code -Dsim.maxFailures}). */
    private static final int MAX_FAILURES = Integer.getInteger("sim.maxFailures", 5);

    /**
     * Seeds of the default sweep that hit a known, still open bug of the core (testkit/FINDINGS.md).
     * Each has a disabled regression test in {@link FindingsTest}; the sweep skips it, says so,
     * and the entry goes once the bug is fixed.
     */
    static final Map<Long, String> KNOWN_FINDINGS = Map.of();

    @Test
    void seedsPassAllChecks() throws Exception {
        String one = System.getProperty("sim.seed");
        if (one != null) {
            SimResult r = Simulation.run(Long.parseLong(one));
            System.out.println(r);
            assertThat(r.ok()).as(r.toString()).isTrue();
            return;
        }
        long from = Long.getLong("sim.from", 1);
        long count = Long.getLong("sim.seeds", 2000);
        int threads = Integer.getInteger("sim.threads", Math.min(2, Runtime.getRuntime().availableProcessors()));
        AtomicInteger failed = new AtomicInteger();
        List<SimResult> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<SimResult>> runs = new ArrayList<>();
            for (long seed = from; seed < from + count; seed++) {
                long s = seed;
                if (KNOWN_FINDINGS.containsKey(s)) {
                    System.out.println("seed " + s + " skipped: open finding " + KNOWN_FINDINGS.get(s) + " (testkit/FINDINGS.md)");
                    continue;
                }
                runs.add(pool.submit(() -> failed.get() >= MAX_FAILURES ? null : record(Simulation.run(s), failed)));
            }
            for (Future<SimResult> f : runs) {
                SimResult r = f.get();
                if (r != null && !r.ok()) failures.add(r);
            }
        }
        assertThat(failures).as(() -> failures.size() + " failing seeds; first:\n" + failures.get(0)).isEmpty();
    }

    private static SimResult record(SimResult r, AtomicInteger failed) {
        if (!r.ok()) {
            failed.incrementAndGet();
            System.out.println(r);
        }
        return r;
    }

    @Test
    void aSeedReplaysIdentically() {
        SimResult a = Simulation.run(42);
        SimResult b = Simulation.run(42);
        assertThat(b).isEqualTo(a);
    }
}
