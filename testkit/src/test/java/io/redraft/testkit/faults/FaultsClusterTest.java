package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Short runs of the list-append workload against three real nodes with client sessions on
 * (indeterminate appends are retried with the same sequence number, so besides the other
 * anomalies the checker must find no duplicated element): kill + pause, partition + island.
 */
@Tag("cluster")
class FaultsClusterTest {
    @Test
    void listAppendUnderKillAndPauseHasNoAnomaliesAndNoCrashes() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-list-append");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 30, Set.of("kill", "pause"), 4, 8, false, null,
                "list-append", out, true)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ").contains("sessions=on");
        assertThat(report.anomalies()).as("duplicates").noneMatch(a -> a.contains("duplicate"));
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
    }

    /** Network partitions of every kind and the island, cut for real where namespaces work. */
    @Test
    void listAppendUnderPartitionsAndTheIslandHasNoAnomaliesAndNoCrashes() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-partition");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 20, Set.of("partition", "island"), 4, 3, false, null,
                "list-append", out)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ");
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
    }
}
