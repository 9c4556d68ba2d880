package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's process-free parts: INFO parsing, polling, finding the jar. */
class HarnessPartsTest {
    static final String INFO = """
            # raft_general\r
            raft_dbid:ff74dbd24c4c6266f968ac254efecbb3\r
            raft_node_id:374353844\r
            raft_state:up\r
            raft_role:follower\r
            raft_is_voting:yes\r
            raft_leader_id:1555822689\r
            raft_current_term:3\r
            raft_num_nodes:3\r
            raft_num_voting_nodes:3\r
            raft_node0:id=1555822689,state=connected,voting=yes,addr=127.0.0.1,port=17001,last_conn_secs=0,conn_errors=0,conn_oks=1\r
            raft_node2:id=2043600405,state=connected,voting=yes,addr=127.0.0.1,port=17003,last_conn_secs=0,conn_errors=0,conn_oks=1\r
            \r
            # raft_log\r
            raft_commit_index:7\r
            raft_last_applied_index:6\r
            """;

    @Test
    void parsesInfoRaft() {
        RaftInfo i = RaftInfo.parse(INFO);
        assertThat(i.nodeId()).isEqualTo(374353844L);
        assertThat(i.isUp()).isTrue();
        assertThat(i.isLeader()).isFalse();
        assertThat(i.leaderId()).isEqualTo(1555822689L);
        assertThat(i.term()).isEqualTo(3);
        assertThat(i.numVotingNodes()).isEqualTo(3);
        assertThat(i.commitIndex()).isEqualTo(7);
        assertThat(i.lastApplied()).isEqualTo(6);
        assertThat(i.nodeLines()).hasSize(2).allMatch(l -> l.matches(SeedWalkthroughTest.NODE_LINE));
        assertThatThrownBy(() -> i.get("raft_nope")).hasMessageContaining("raft_nope");
        assertThat(i.memberIds()).containsExactly(374353844L, 1555822689L, 2043600405L);
        assertThat(RaftInfo.parse("raft_node_id:0\r\nraft_state:uninitialized\r\n").memberIds()).isEmpty();
    }

    @Test
    void pollReturnsTheAcceptedValue() {
        AtomicInteger n = new AtomicInteger();
        assertThat(Poll.until("three probes", n::incrementAndGet, v -> v >= 3, Duration.ofSeconds(5))).isEqualTo(3);
    }

    @Test
    void pollFailsWithTheLastObservedState() {
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> Poll.until("never", () -> "seen-" + n.incrementAndGet(), v -> false, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("waiting for never").hasMessageContaining("last observed: seen-");
        assertThatThrownBy(() -> Poll.until("a throwing probe", () -> {
            throw new IllegalStateException("node down");
        }, v -> true, Duration.ofMillis(100))).hasMessageContaining("node down").hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingJarIsAClearFailure(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ServerJar.locate(dir.resolve("nope.jar").toString(), dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("server jar is missing").hasMessageContaining("nope.jar");
        Path jar = dir.resolve(ServerJar.RELATIVE);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        assertThat(ServerJar.locate(null, dir.resolve("testkit"))).isEqualTo(jar);
    }
}
