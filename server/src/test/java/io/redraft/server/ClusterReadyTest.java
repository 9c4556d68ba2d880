package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RAFT.CLUSTER INIT and JOIN answer OK only once the node can take the next command: after INIT
 * it leads and serves (as RedisRaft's), after JOIN it knows its leader. Scripts and clients send
 * their first command right after the OK, without retrying.
 */
class ClusterReadyTest extends InProcessClusterFixture {

    @Test
    void aWriteRightAfterInitSucceeds() throws Exception {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RedraftServer s = cluster.start("single" + i, freePort());
            try (RawClient c = new RawClient(s.port())) {
                if (i % 2 == 0) {
                    String init = c.call("RAFT.CLUSTER", "INIT");
                    if (!init.startsWith("+OK ")) errors.add(i + " INIT: " + init);
                } else {
                    // Pipelined: the SET waits behind INIT in the same connection.
                    c.send(RawClient.command("RAFT.CLUSTER", "INIT") + RawClient.command("SET", "k", "v"));
                    String init = c.readReply();
                    if (!init.startsWith("+OK ")) errors.add(i + " INIT: " + init);
                    String set = c.readReply();
                    if (!set.equals("+OK\r\n")) errors.add(i + " pipelined SET: " + set);
                }
                String set = c.call("SET", "k", "v" + i);
                if (!set.equals("+OK\r\n")) errors.add(i + " SET: " + set);
            } finally {
                cluster.stop(s);
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void afterJoinTheNodeKnowsItsLeader() throws Exception {
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        cluster.start("n1", p1);
        cluster.start("n2", p2);
        cluster.start("n3", p3, "--raft.follower-proxy", "yes");
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2); RawClient c3 = new RawClient(p3)) {
            assertThat(c1.call("RAFT.CLUSTER", "INIT")).startsWith("+OK ");
            String leaderId = nodeId(c1);
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            assertThat(field(c2.call("INFO", "raft"), "raft_leader_id")).isEqualTo(leaderId);
            assertThat(c2.call("SET", "k", "v")).isEqualTo("-MOVED 0 127.0.0.1:" + p1 + "\r\n");
            // Through n2, which answers RAFT.NODE ADD with MOVED; n3 proxies to the leader.
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p2)).isEqualTo("+OK\r\n");
            assertThat(field(c3.call("INFO", "raft"), "raft_leader_id")).isEqualTo(leaderId);
            assertThat(c3.call("SET", "k", "via-n3")).isEqualTo("+OK\r\n");
            assertThat(c1.call("GET", "k")).isEqualTo("$6\r\nvia-n3\r\n");
        }
    }

    @Test
    void aJoinTimeoutShorterThanARoundTripStillFollowsTheRedirect() throws Exception {
        int[] ports = cluster.form(2);
        int p3 = freePort();
        cluster.start("n3", p3, "--raft.join-timeout", "1");
        try (RawClient c3 = new RawClient(p3)) {
            // n2 is a follower: it answers MOVED, which the 1 ms timeout must not cut short.
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[1])).isEqualTo("+OK\r\n");
            try (RawClient c1 = new RawClient(ports[0])) {
                await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            }
        }
    }
}
