package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/redraft-faults --shards 3} briefly (issue 15): three linked shard groups of three real
 * nodes each, list-append keys spread over all of them through the harness's cluster-aware client,
 * leaders killed, paused and partitioned away in every group. The history must check out (no
 * anomaly: nothing acknowledged lost, no duplicate, no cycle) and no node may crash. Longer runs:
 * {@code bin/redraft-faults --shards 3 --time-limit 180} (docs/sharding.md).
 */
@Tag("cluster")
class ShardedFaultsTest {
    @Test
    void listAppendAcrossThreeShardGroupsUnderKillPauseAndPartitionHasNoAnomalies() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-sharded");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 20, Set.of("kill", "pause", "partition"), 6, 21, false, null,
                "list-append", out, true, 3)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ").contains("sessions=on");
        for (String g : new String[] {"g1", "g2", "g3"}) {
            assertThat(report.events()).as("faults in " + g).anyMatch(e -> e.contains(" " + g + " start "));
        }
    }

    /**
     * Slots holding the workload's keys move between two groups while leaders are killed (issue
     * 16's migrate nemesis): the history must still check out.
     */
    @Test
    void listAppendWhileSlotsMoveBetweenGroupsAndLeadersDieHasNoAnomalies() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-migrate");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 25, Set.of("kill", "migrate"), 4, 33, false, null,
                "list-append", out, false, 2)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.events()).as("a completed move").anyMatch(e -> e.contains("start migrate slot") && e.contains(" keys"));
    }
}
