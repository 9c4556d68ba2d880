package io.redraft.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FaultsOptionsTest {
    @Test
    void parsesEveryOption() {
        FaultsOptions o = FaultsOptions.parse("--nodes", "5", "--time-limit", "90", "--nemesis", "kill,partition,clock",
                "--clients", "8", "--seed", "42", "--follower-proxy", "--log-max-file-size", "64kb",
                "--workload", "register", "--out", "run/x");
        assertThat(o.nodes()).isEqualTo(5);
        assertThat(o.timeLimitSeconds()).isEqualTo(90);
        assertThat(o.nemeses()).containsExactlyInAnyOrder("kill", "partition", "clock");
        assertThat(o.notImplemented()).isEmpty();
        assertThat(FaultsOptions.IMPLEMENTED).as("every known family runs").isEqualTo(FaultsOptions.KNOWN);
        assertThat(o.clients()).isEqualTo(8);
        assertThat(o.seed()).isEqualTo(42);
        assertThat(o.workload()).isEqualTo("register");
        assertThat(o.out()).isEqualTo(Path.of("run/x"));
        assertThat(o.serverArgs()).containsExactly("--raft.follower-proxy", "yes", "--raft.log-max-file-size", "64kb",
                "--raft.test-hooks", "yes");
        assertThat(FaultsOptions.parse("--nemesis", "kill,member").serverArgs()).as("no hooks unless a family needs them").isEmpty();
    }

    @Test
    void defaultsAndRejections() {
        FaultsOptions o = FaultsOptions.parse();
        assertThat(o.nemeses()).containsExactlyInAnyOrder("kill", "pause");
        assertThat(o.workload()).isEqualTo("list-append");
        assertThat(o.sessions()).isTrue();
        assertThat(FaultsOptions.parse("--sessions", "no").sessions()).isFalse();
        assertThatThrownBy(() -> FaultsOptions.parse("--sessions", "maybe")).hasMessageContaining("yes or no");
        assertThat(FaultsOptions.parse("--nemesis", "none").nemeses()).isEmpty();
        assertThatThrownBy(() -> FaultsOptions.parse("--nemesis", "meteor")).hasMessageContaining("meteor");
        assertThatThrownBy(() -> FaultsOptions.parse("--workload", "bank")).hasMessageContaining("bank");
        assertThatThrownBy(() -> FaultsOptions.parse("--nodes")).hasMessageContaining("needs a value");
    }
}
