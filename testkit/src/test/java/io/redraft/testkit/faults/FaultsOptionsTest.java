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

    @Test
    void shardsSplitTheSlotsAndTagKeysForEveryGroup() {
        assertThat(FaultsOptions.parse().shards()).as("one group unless asked").isZero();
        assertThat(FaultsOptions.parse("--shards", "3").shards()).isEqualTo(3);
        assertThatThrownBy(() -> FaultsOptions.parse("--shards", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> FaultsOptions.parse("--shards", "2", "--workload", "register")).hasMessageContaining("list-append");
        assertThat(ShardGroups.range(0, 3)).containsExactly(0, 5460);
        assertThat(ShardGroups.range(1, 3)).containsExactly(5461, 10921);
        assertThat(ShardGroups.range(2, 3)).containsExactly(10922, 16383);
        var tags = ShardGroups.tags(3, 2);
        assertThat(tags).hasSize(6);
        int[] perGroup = new int[3];
        for (String t : tags) {
            int slot = ClusterClient.slot("la7{" + t + "}");
            for (int g = 0; g < 3; g++) {
                if (slot >= ShardGroups.range(g, 3)[0] && slot <= ShardGroups.range(g, 3)[1]) perGroup[g]++;
            }
        }
        assertThat(perGroup).containsExactly(2, 2, 2);
    }
}
