package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One long command on the leader (here RAFT.DEBUG SLEEP, holding the node thread as KEYS over
 * millions of keys does) does not cost the cluster an election: the heartbeat keeper speaks for the
 * busy leader. A node thread stuck for longer than ten election timeouts is given up on, so the
 * others elect a leader that can serve.
 */
class BusyLeaderTest extends InProcessClusterFixture {
    private static final String[] FAST = {"--raft.election-timeout", "500", "--raft.test-hooks", "yes"};

    @Test
    void aLongCommandOnTheLeaderCausesNoElection() throws Exception {
        int[] ports = cluster.form(3, FAST);
        try (RawClient leader = new RawClient(ports[0]); RawClient follower = new RawClient(ports[1])) {
            assertThat(leader.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            String term = field(follower.call("INFO", "raft"), "raft_current_term");
            String leaderId = field(follower.call("INFO", "raft"), "raft_leader_id");
            // Six election timeouts with the node thread held: without the keeper the followers
            // elect another leader after one.
            assertThat(leader.call("RAFT.DEBUG", "SLEEP", "3000")).isEqualTo("+OK\r\n");
            assertThat(leader.call("SET", "k2", "v2")).isEqualTo("+OK\r\n");
            for (int port : new int[] {ports[1], ports[2]}) {
                try (RawClient c = new RawClient(port)) {
                    String info = c.call("INFO", "raft");
                    assertThat(field(info, "raft_current_term")).isEqualTo(term);
                    assertThat(field(info, "raft_leader_id")).isEqualTo(leaderId);
                }
            }
            assertThat(Long.parseLong(field(leader.call("INFO", "raft"), "raft_busy_heartbeats"))).isPositive();
        }
    }

    @Test
    void aNodeThreadStuckForGoodIsGivenUpOn() throws Exception {
        int[] ports = cluster.form(3, FAST);
        try (RawClient leader = new RawClient(ports[0]); RawClient follower = new RawClient(ports[1])) {
            String term = field(follower.call("INFO", "raft"), "raft_current_term");
            leader.send(RawClient.command("RAFT.DEBUG", "SLEEP", "9000")); // past 10 x 500 ms
            await(Duration.ofSeconds(30), () -> follower.call("INFO", "raft"),
                    r -> !field(r, "raft_current_term").equals(term) && !field(r, "raft_leader_id").equals("-1"));
            assertThat(leader.readReply()).isEqualTo("+OK\r\n");
        }
    }
}
