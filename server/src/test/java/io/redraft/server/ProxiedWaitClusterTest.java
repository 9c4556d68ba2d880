package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands sent to a follower with {@code raft.follower-proxy yes} (docs/blocking.md,
 * "Followers and the proxy"): each waits on the leader over a connection of its own, so the
 * follower's other proxied clients are served meanwhile; the element comes from the log, the
 * timeout from the leader, and CLIENT UNBLOCK or the client leaving ends the wait on the leader too.
 */
class ProxiedWaitClusterTest extends InProcessClusterFixture {
    private static void blocked(RawClient admin, int n) throws Exception {
        await(Duration.ofSeconds(20), () -> admin.call("INFO", "clients"), r -> r.contains("blocked_clients:" + n + "\r\n"));
    }

    @Test
    void aWaitOnAFollowerIsServedByAPushOnTheLeaderWhileOtherClientsRunOn() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes");
        try (RawClient leader = new RawClient(ports[0], 20_000); RawClient waiter = new RawClient(ports[1], 20_000);
                RawClient other = new RawClient(ports[1], 20_000)) {
            waiter.send(RawClient.command("BLPOP", "q", "0"));
            blocked(leader, 1);
            // Proxied clients of the same follower are not held up behind the wait.
            for (int i = 0; i < 20; i++) {
                assertThat(other.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
                assertThat(other.call("INCR", "n")).isEqualTo(":" + (i + 1) + "\r\n");
            }
            assertThat(leader.call("RPUSH", "q", "one", "two")).isEqualTo(":2\r\n");
            assertThat(waiter.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$3\r\none\r\n");
            assertThat(waiter.call("PING")).isEqualTo("+PONG\r\n"); // served, and runs on
            assertThat(leader.call("LRANGE", "q", "0", "-1")).isEqualTo("*1\r\n$3\r\ntwo\r\n");
            blocked(leader, 0);
        }
        await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
    }

    @Test
    void aWaitOnAFollowerTimesOutWithANullReplyInTheClientsProtocol() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes");
        try (RawClient leader = new RawClient(ports[0], 20_000); RawClient f = new RawClient(ports[1], 20_000)) {
            assertThat(f.call("BLPOP", "q", "0.5")).isEqualTo("*-1\r\n");
            assertThat(f.call("BLMOVE", "q", "d", "LEFT", "RIGHT", "0.5")).isEqualTo("*-1\r\n");
            assertThat(f.call("HELLO", "3")).startsWith("%");
            assertThat(f.call("BLPOP", "q", "0.5")).isEqualTo("_\r\n");
            f.send(RawClient.command("BZPOPMIN", "z", "0"));
            blocked(leader, 1);
            assertThat(leader.call("ZADD", "z", "1.5", "m")).isEqualTo(":1\r\n");
            // The leader answers in RESP2; the score is relayed as RESP3's double.
            assertThat(f.readReply()).isEqualTo("*3\r\n$1\r\nz\r\n$1\r\nm\r\n,1.5\r\n");
        }
    }

    @Test
    void clientUnblockOrLeavingEndsAWaitOnTheLeaderToo() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes");
        try (RawClient leader = new RawClient(ports[0], 20_000); RawClient admin = new RawClient(ports[1], 20_000);
                RawClient a = new RawClient(ports[1], 20_000); RawClient b = new RawClient(ports[1], 20_000)) {
            String id = a.call("CLIENT", "ID").substring(1).trim();
            a.send(RawClient.command("BLPOP", "q", "0"));
            blocked(leader, 1);
            assertThat(admin.call("CLIENT", "UNBLOCK", id)).isEqualTo(":1\r\n");
            assertThat(a.readReply()).isEqualTo("*-1\r\n");
            blocked(leader, 0);
            a.send(RawClient.command("BLPOP", "q", "0"));
            blocked(leader, 1);
            assertThat(admin.call("CLIENT", "UNBLOCK", id, "ERROR")).isEqualTo(":1\r\n");
            assertThat(a.readReply()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            blocked(leader, 0);
            b.send(RawClient.command("BLPOP", "q", "0"));
            blocked(leader, 1);
            b.close();
            blocked(leader, 0);
            // Nobody waits any more: the element stays.
            assertThat(leader.call("RPUSH", "q", "kept")).isEqualTo(":1\r\n");
            assertThat(admin.call("LRANGE", "q", "0", "-1")).isEqualTo("*1\r\n$4\r\nkept\r\n");
        }
    }

    @Test
    void aLeaderSteppingDownUnblocksAFollowersWaitAndTheRetryIsServedByTheNextLeader() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes");
        try (RawClient leader = new RawClient(ports[0], 20_000); RawClient n3 = new RawClient(ports[2], 20_000);
                RawClient a = new RawClient(ports[1], 20_000)) {
            a.send(RawClient.command("BLPOP", "q", "0"));
            blocked(leader, 1);
            assertThat(leader.call("RAFT.TRANSFER_LEADER", nodeId(n3))).isEqualTo("+OK\r\n");
            assertThat(a.readReply()).isEqualTo(BlockingClusterTest.UNBLOCKED);
            assertThat(a.closedByServer()).isTrue();
            try (RawClient retry = new RawClient(ports[1], 20_000)) {
                await(() -> n3.call("INFO", "raft_general"), r -> r.contains("raft_role:leader"));
                // The retry goes through node 2's proxy: node 2 must know the new leader first, or
                // it answers (CLUSTERDOWN, or a proxy to the old leader) instead of waiting there.
                String newLeader = "raft_leader_id:" + nodeId(n3) + "\r\n";
                try (RawClient n2 = new RawClient(ports[1], 20_000)) {
                    await(() -> n2.call("INFO", "raft_general"), r -> r.contains(newLeader));
                }
                retry.send(RawClient.command("BLPOP", "q", "0"));
                blocked(n3, 1);
                assertThat(n3.call("RPUSH", "q", "x")).isEqualTo(":1\r\n");
                assertThat(retry.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
            }
        }
        await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
    }
}
