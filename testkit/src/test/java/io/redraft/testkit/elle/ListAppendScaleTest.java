package io.redraft.testkit.elle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The checker on long histories, in a child JVM whose heap is fixed, so that running out of it
 * fails the test. The normal suite checks three minutes of history (105,000 transactions) in
 * 256 MB; {@code -Delle.scale.minutes=30} checks a 30-minute history (a million transactions)
 * in {@code -Delle.scale.heap} (default 768m; 640m was measured to pass). Before the graph was made compact, a real
 * ten-minute history died with OutOfMemoryError in findCycles.
 */
class ListAppendScaleTest {
    @Test
    void threeMinutesOfHistoryCheckInA256MbHeap() throws Exception {
        String out = runChild("3", "256m");
        assertThat(out).contains("valid=true");
    }

    @Test
    @EnabledIfSystemProperty(named = "elle.scale.minutes", matches = "\\d+(\\.\\d+)?")
    void aLongHistoryChecksWithinABoundedHeap() throws Exception {
        String out = runChild(System.getProperty("elle.scale.minutes"), System.getProperty("elle.scale.heap", "768m"));
        assertThat(out).contains("valid=true");
    }

    @Test
    void anAnomalyInALongHistoryIsFoundAndItsCycleExplained() {
        List<Txn> history = new ArrayList<>(new HistoryGenerator(7).generate(20_000));
        // Make one read stale: it misses the last append to its key that completed before it began.
        for (int i = history.size() / 2; i < history.size(); i++) {
            Txn t = history.get(i);
            if (!t.ok() || t.ops().size() != 1 || t.ops().get(0).isAppend() || t.ops().get(0).values().size() < 3) continue;
            MicroOp read = t.ops().get(0);
            Values shorter = read.values().prefix(read.values().size() - 1);
            history.set(i, new Txn(t.id(), t.process(), List.of(read.withRead(shorter)), t.outcome(), t.invoked(), t.completed()));
            break;
        }
        ElleResult r = ListAppendChecker.check(history);
        assertThat(r.valid()).isFalse();
        assertThat(r.countsByType()).containsKey("stale-read");
        assertThat(r.anomalies()).anyMatch(a -> a.type().startsWith("G") && a.explanation().contains("which does not yet have"));
    }

    private static String runChild(String minutes, String heap) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ListAppendScale.class.getName(), minutes).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.MINUTES);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) p.destroyForcibly();
        System.out.println("ListAppendScale " + minutes + " min, -Xmx" + heap + ": " + out.strip());
        assertThat(done).as("finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
