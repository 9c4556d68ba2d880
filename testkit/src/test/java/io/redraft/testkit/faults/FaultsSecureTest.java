package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fault harness with TLS and ACL on ({@code bin/redraft-faults --tls --acl}, issue 17): every
 * link is TLS with client certificates, the clients log in as a user without {@code @admin} or
 * {@code @raft}, the nodes' links as the cluster user. The Lua compare-and-set workload through
 * the follower proxy, kept under a minute: the scripts' calls are checked against the client's user on every replica,
 * and the proxied ones carry it to the leader. A short run; longer ones by hand (docs/security.md).
 */
@Tag("cluster")
class FaultsSecureTest {
    @Test
    void luaCasOverTlsWithAclUnderKillAndPauseIsLinearizable() throws Exception {
        Path out = Path.of(System.getProperty("redraft.cluster.logs", "target/cluster-logs")).resolve("faults-tls-acl");
        FaultsReport report = new FaultsRun(new FaultsOptions(3, 8, Set.of("kill", "pause"), 4, 17, true,
                null, "lua-cas", out, true).secured(true, true)).run();
        System.out.println(report.text());
        assertThat(report.anomalies()).as(report.text()).isEmpty();
        assertThat(report.crashes()).as(report.text()).isEmpty();
        assertThat(report.faults()).as("faults were injected").isNotEmpty();
        assertThat(report.counts()).doesNotContain("(ok=0 ").doesNotContain("cas-written=0");
        String logs = nodeLogs(out);
        assertThat(logs).as("the nodes ran TLS").contains("TLS with the");
        assertThat(logs).as("no link was refused at AUTH").doesNotContain("Refused AUTH as the cluster user");
    }

    private static String nodeLogs(Path out) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) all.append(Files.readString(f));
        }
        return all.toString();
    }
}
