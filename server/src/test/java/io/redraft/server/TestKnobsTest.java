package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RedisRaft's hidden test parameters that its users' own test suites set, and the INFO fields
 * they read: log-disable-apply, log-delay-apply with raft_exec_throttled, raft_num_sessions.
 */
class TestKnobsTest extends InProcessClusterFixture {
    private static long number(RawClient c, String field) throws Exception {
        return Long.parseLong(field(c.call("INFO", "raft"), field));
    }

    @Test
    void logDisableApplyHoldsCommittedEntriesUntilSetBack() throws Exception {
        int[] p = cluster.form(2);
        try (RawClient leader = new RawClient(p[0]); RawClient follower = new RawClient(p[1])) {
            assertThat(follower.call("CONFIG", "SET", "raft.log-disable-apply", "yes")).isEqualTo("+OK\r\n");
            assertThat(leader.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            long committed = number(leader, "raft_commit_index");
            // The follower learns the entry is committed, and still does not apply it.
            await(() -> field(follower.call("INFO", "raft"), "raft_commit_index"), v -> Long.parseLong(v) >= committed);
            assertThat(number(follower, "raft_last_applied_index")).isLessThan(committed);
            assertThat(follower.call("RAFT.DEBUG", "EXEC", "GET", "k")).isEqualTo("$-1\r\n");

            assertThat(follower.call("CONFIG", "SET", "raft.log-disable-apply", "no")).isEqualTo("+OK\r\n");
            await(() -> follower.call("RAFT.DEBUG", "EXEC", "GET", "k"), r -> r.equals("$1\r\nv\r\n"));
            assertThat(number(follower, "raft_last_applied_index")).isGreaterThanOrEqualTo(committed);
        }
    }

    @Test
    void logDelayApplySpacesOutApplyingAndCountsThrottles() throws Exception {
        int[] p = cluster.form(2);
        try (RawClient leader = new RawClient(p[0]); RawClient follower = new RawClient(p[1])) {
            assertThat(number(follower, "raft_exec_throttled")).isZero();
            assertThat(follower.call("CONFIG", "SET", "raft.log-delay-apply", "30000")).isEqualTo("+OK\r\n");
            // Commits need only the follower's append, so the entries pile up faster than it applies them.
            for (int i = 0; i < 30; i++) assertThat(leader.call("SET", "k" + i, "v")).isEqualTo("+OK\r\n");
            await(() -> field(follower.call("INFO", "raft"), "raft_exec_throttled"), v -> Long.parseLong(v) > 0);
            // Meanwhile the follower goes on serving (it is not asleep, unlike RedisRaft's).
            assertThat(follower.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(follower.call("CONFIG", "SET", "raft.log-delay-apply", "0")).isEqualTo("+OK\r\n");
            await(() -> follower.call("RAFT.DEBUG", "EXEC", "DBSIZE"), r -> r.equals(":31\r\n"));
        }
    }

    @Test
    void snapshotDisableLoadKeepsAReceivedSnapshotUnloadedAndTheNodeLoading() throws Exception {
        int p1 = InProcessCluster.freePort(), p2 = InProcessCluster.freePort();
        cluster.start("n1", p1);
        cluster.start("n2", p2, "--raft.snapshot-disable-load", "yes");
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2)) {
            c1.call("RAFT.CLUSTER", "INIT");
            await(() -> c1.call("SET", "k0", "v0"), r -> r.equals("+OK\r\n"));
            for (int i = 1; i < 50; i++) assertThat(c1.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            // The snapshot arrives and is not loaded: the node stays loading.
            await(() -> field(c2.call("INFO", "raft"), "raft_state"), v -> v.equals("loading"));
            assertThat(c2.call("GET", "k1")).isEqualTo("-LOADING Raft module is loading data\r\n");
            assertThat(number(c2, "raft_snapshots_received")).isZero();

            assertThat(c2.call("CONFIG", "SET", "raft.snapshot-disable-load", "no")).isEqualTo("+OK\r\n");
            await(() -> field(c2.call("INFO", "raft"), "raft_state"), v -> v.equals("up"));
            assertThat(number(c2, "raft_snapshots_received")).isEqualTo(1);
            await(() -> c2.call("RAFT.DEBUG", "EXEC", "GET", "k49"), r -> r.equals("$3\r\nv49\r\n"));
        }
    }

    @Test
    void numSessionsCountsWatchingConnectionsAndClientSessions() throws Exception {
        int[] p = cluster.form(1);
        try (RawClient c = new RawClient(p[0]); RawClient other = new RawClient(p[0])) {
            assertThat(number(c, "raft_num_sessions")).isZero();
            assertThat(c.call("WATCH", "a", "b")).isEqualTo("+OK\r\n");
            assertThat(number(other, "raft_num_sessions")).isEqualTo(1);
            assertThat(other.call("CLIENT", "SESSION", "NEW")).startsWith(":");
            assertThat(number(other, "raft_num_sessions")).isEqualTo(2);
            assertThat(c.call("UNWATCH")).isEqualTo("+OK\r\n");
            assertThat(number(other, "raft_num_sessions")).isEqualTo(1);
        }
    }
}
