package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Property 6 of issue #8: joins and removals interleaved with kills lose nothing. RAFT.NODE REMOVE
 * of random members (the leader too), joins of wiped nodes and of new ones, and kill -9 of the
 * leader, of a minority or of everyone, while list-append clients run; the Elle-style check finds
 * any acknowledged append missing from the final reads ("lost"), and the nodes must all end up
 * voting members with clean logs.
 */
@Tag("cluster")
class MembershipChurnTest {
    @Test
    void joinsAndRemovalsInterleavedWithKillsLoseNothing() throws InterruptedException {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-member-kill");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 25, Set.of("member", "kill"), 3, 6, false, null,
                "list-append", out)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ");
        assertThat(report.faults().keySet()).as("membership changes and kills both happened")
                .anyMatch(f -> f.startsWith("member")).anyMatch(f -> f.startsWith("kill"));
    }
}
