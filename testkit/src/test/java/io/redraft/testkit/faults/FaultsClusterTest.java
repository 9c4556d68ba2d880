package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CI fault runs (issue 8): three real nodes under every nemesis at once (kill, pause,
 * partition, clock, member, island, disk), clients going through the follower proxy, a 32 kB log
 * limit so that snapshots are taken and sent every few seconds. List-append runs with client
 * sessions on (indeterminate appends are retried with the same sequence number), so besides the
 * other anomalies the checker must find no duplicated element; the register workload checks
 * SET/GET/INCR for linearizability. Longer runs: {@code bin/redraft-faults} (docs/testing.md).
 */
@Tag("cluster")
class FaultsClusterTest {
    private static final Set<String> ALL = Set.of("kill", "pause", "partition", "clock", "member", "island", "disk");

    private static Path out(String name) {
        return Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve(name);
    }

    @Test
    void listAppendUnderEveryNemesisThroughTheProxyHasNoAnomaliesAndNoCrashes() throws InterruptedException {
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 90, ALL, 5, 11, true, "32kb",
                "list-append", out("faults-list-append"), true)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ").contains("sessions=on");
        assertThat(report.anomalies()).as("duplicates").noneMatch(a -> a.contains("duplicate"));
        assertThat(report.faults().size()).as("kinds of faults injected: " + report.faults()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void registerUnderEveryNemesisIsLinearizable() throws InterruptedException {
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 30, ALL, 5, 12, false, "32kb",
                "register", out("faults-register"), true)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
    }

    /** Issue 19: a compare-and-set register in Lua (EVALSHA of read, compare, write) under kill, pause, partition. */
    @Test
    void luaCasUnderKillPauseAndPartitionIsLinearizable() throws InterruptedException {
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 30, Set.of("kill", "pause", "partition"), 5, 13, false,
                "32kb", "lua-cas", out("faults-lua-cas"), true)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ").doesNotContain("cas-written=0");
    }
}
