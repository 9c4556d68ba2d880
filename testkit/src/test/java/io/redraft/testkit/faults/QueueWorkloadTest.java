package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.testkit.faults.QueueWorkload.Event;
import io.redraft.testkit.faults.QueueWorkload.Kind;
import io.redraft.testkit.faults.QueueWorkload.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The queue workload (docs/blocking.md): its checker on made-up histories, each anomaly caught;
 * then a short run on three real nodes whose leader is killed and paused while producers RPUSH
 * and consumers BLPOP: every acknowledged value consumed once or still queued.
 */
class QueueWorkloadTest {
    private static Event produced(String v, Outcome o) {
        return new Event(0, Kind.PRODUCE, o, "queue0", v, null);
    }

    private static Event consumed(String v) {
        return new Event(1, Kind.CONSUME, Outcome.OK, "queue0", v, null);
    }

    private static List<Event> withFinal(List<Event> h, String... left) {
        List<Event> out = new ArrayList<>(h);
        out.add(new Event(-1, Kind.FINAL_READ, Outcome.OK, "queue0", null, List.of(left)));
        out.add(new Event(-1, Kind.FINAL_READ, Outcome.OK, "queue1", null, List.of()));
        out.add(new Event(-1, Kind.FINAL_READ, Outcome.OK, "queue2", null, List.of()));
        return out;
    }

    @Test
    void checkerAcceptsExactlyOnceAndCatchesEachAnomaly() {
        List<Event> base = List.of(produced("1", Outcome.OK), produced("2", Outcome.OK), produced("3", Outcome.INFO),
                produced("4", Outcome.FAIL), consumed("1"), consumed(null));
        assertThat(QueueWorkload.check(withFinal(base, "2")).problems()).isEmpty();
        assertThat(QueueWorkload.check(withFinal(base, "2", "3")).problems()).isEmpty();

        List<Event> twice = new ArrayList<>(base);
        twice.add(consumed("1"));
        assertThat(QueueWorkload.check(withFinal(twice, "2")).problems()).anyMatch(p -> p.contains("consumed 2 times"));
        assertThat(QueueWorkload.check(withFinal(base, "2", "1")).problems())
                .anyMatch(p -> p.contains("consumed and still queued"));
        assertThat(QueueWorkload.check(withFinal(base)).problems()).anyMatch(p -> p.contains("1 acknowledged values lost"));
        List<Event> open = new ArrayList<>(base);
        open.add(new Event(1, Kind.CONSUME, Outcome.INFO, null, null, null));
        assertThat(QueueWorkload.check(withFinal(open)).problems()).isEmpty(); // the open BLPOP may have taken it
        List<Event> ghost = new ArrayList<>(base);
        ghost.add(consumed("99"));
        assertThat(QueueWorkload.check(withFinal(ghost, "2")).problems()).anyMatch(p -> p.contains("never produced"));
    }

    @Test
    @Tag("cluster")
    void blpopConsumersThroughLeaderKillsAndPausesTakeEveryValueOnce() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-queue");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 25, Set.of("kill", "pause"), 6, 21, false, null,
                "queue", out, false)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("took=0 ");
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
    }
}
