package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Blocking commands on 3 nodes (docs/blocking.md): the pop that serves a waiting client is in
 * the log, so every replica's lists stay the same; a client waiting on a leader that steps down
 * gets Redis's retryable UNBLOCKED error, is disconnected as Redis does, and nothing was popped
 * for it, while a pop already in the log when it steps down is delivered when the old leader
 * applies it; a client that leaves while its pop is in the log gets its element put back; a
 * follower with the proxy on serves a wait through the leader (more in ProxiedWaitClusterTest).
 */
class BlockingClusterTest extends InProcessClusterFixture {
    static final String UNBLOCKED =
            "-UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)\r\n";

    private static void blocked(RawClient admin, int n) throws Exception {
        await(Duration.ofSeconds(20), () -> admin.call("INFO", "clients"), r -> r.contains("blocked_clients:" + n + "\r\n"));
    }

    @Test
    void aServedWaitLeavesEveryReplicaWithTheSameLists() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient admin = new RawClient(ports[0]); RawClient a = new RawClient(ports[0], 20_000);
                RawClient b = new RawClient(ports[0], 20_000)) {
            a.send(RawClient.command("BLPOP", "q", "0"));
            b.send(RawClient.command("BLMOVE", "q", "done", "LEFT", "RIGHT", "0"));
            blocked(admin, 2);
            assertThat(admin.call("RPUSH", "q", "one", "two", "three")).isEqualTo(":3\r\n");
            assertThat(a.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$3\r\none\r\n");
            assertThat(b.readReply()).isEqualTo("$3\r\ntwo\r\n");
        }
        for (int p : ports) {
            try (RawClient c = new RawClient(p)) {
                await(() -> c.call("DEBUG", "DIGEST-VALUE", "q", "done"),
                        r -> !r.contains("0000000000000000000000000000000000000000"));
            }
        }
        await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
    }

    @Test
    void aLeaderSteppingDownUnblocksItsWaitingClientsAndPopsNothing() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient leader = new RawClient(ports[0]); RawClient a = new RawClient(ports[0], 20_000);
                RawClient b = new RawClient(ports[0], 20_000); RawClient n2 = new RawClient(ports[1])) {
            a.send(RawClient.command("BLPOP", "q", "0"));
            b.send(RawClient.command("BZPOPMIN", "z", "30"));
            blocked(leader, 2);
            assertThat(leader.call("RAFT.TRANSFER_LEADER", nodeId(n2))).isEqualTo("+OK\r\n");
            assertThat(a.readReply()).isEqualTo(UNBLOCKED);
            assertThat(a.closedByServer()).isTrue();
            assertThat(b.readReply()).isEqualTo(UNBLOCKED);
            assertThat(b.closedByServer()).isTrue();
            blocked(leader, 0);
            // The retry goes to the new leader; the old one no longer holds a wait that could pop.
            await(() -> n2.call("RPUSH", "q", "x"), r -> r.equals(":1\r\n"));
            assertThat(n2.call("ZADD", "z", "1", "m")).isEqualTo(":1\r\n");
            assertThat(n2.call("LRANGE", "q", "0", "-1")).isEqualTo("*1\r\n$1\r\nx\r\n");
            try (RawClient retry = new RawClient(ports[1], 20_000)) {
                assertThat(retry.call("BLPOP", "q", "0")).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
                assertThat(retry.call("BZPOPMIN", "z", "0")).isEqualTo("*3\r\n$1\r\nz\r\n$1\r\nm\r\n$1\r\n1\r\n");
            }
        }
        await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
    }

    @Test
    void aFollowerWithTheProxyOnServesAWaitThroughTheLeader() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes");
        try (RawClient follower = new RawClient(ports[1], 20_000); RawClient other = new RawClient(ports[1])) {
            follower.send(RawClient.command("BLPOP", "q", "0"));
            assertThat(other.call("RPUSH", "q", "v")).isEqualTo(":1\r\n"); // proxied
            assertThat(follower.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
            assertThat(follower.call("RPUSH", "q", "v")).isEqualTo(":1\r\n");
            assertThat(follower.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(follower.call("BLPOP", "q", "0")).isEqualTo("+QUEUED\r\n");
            assertThat(follower.call("EXEC")).isEqualTo("*1\r\n*2\r\n$1\r\nq\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void aClientThatLeavesWhileItsPopIsInTheLogGetsItsElementPutBack() throws Exception {
        int port = cluster.form(1)[0];
        try (RawClient admin = new RawClient(port, 20_000)) {
            RawClient a = new RawClient(port, 20_000);
            a.send(RawClient.command("BLPOP", "q", "0"));
            blocked(admin, 1);
            assertThat(admin.call("SET", "after", "first-pop")).isEqualTo("+OK\r\n"); // applied after its first pop
            // Entries apply a second apart: the pop serving it stays unapplied after the RPUSH answers.
            assertThat(admin.call("CONFIG", "SET", "raft.log-delay-apply", "1000000")).isEqualTo("+OK\r\n");
            assertThat(admin.call("RPUSH", "q", "kept")).isEqualTo(":1\r\n");
            a.close();
            await(Duration.ofSeconds(20), () -> admin.call("LRANGE", "q", "0", "-1"), r -> r.equals("*1\r\n$4\r\nkept\r\n"));
            assertThat(admin.call("CONFIG", "SET", "raft.log-delay-apply", "0")).isEqualTo("+OK\r\n");
            assertThat(admin.call("INFO", "clients")).contains("blocked_clients:0\r\n");
        }
    }

    @Test
    void aPopInTheLogWhenTheLeaderStepsDownIsDeliveredWhenTheOldLeaderAppliesIt() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient leader = new RawClient(ports[0], 20_000); RawClient a = new RawClient(ports[0], 20_000);
                RawClient n2 = new RawClient(ports[1], 20_000)) {
            a.send(RawClient.command("BLPOP", "q", "0"));
            blocked(leader, 1);
            assertThat(leader.call("SET", "after", "first-pop")).isEqualTo("+OK\r\n");
            // The leader applies an entry a second: the pop proposed when the RPUSH applies is
            // replicated and committed by the next leader, and applied here after the step-down.
            assertThat(leader.call("CONFIG", "SET", "raft.log-delay-apply", "1000000")).isEqualTo("+OK\r\n");
            assertThat(leader.call("RPUSH", "q", "x")).isEqualTo(":1\r\n");
            assertThat(leader.call("RAFT.TRANSFER_LEADER", nodeId(n2))).isEqualTo("+OK\r\n");
            assertThat(a.readReply()).isEqualTo("*2\r\n$1\r\nq\r\n$1\r\nx\r\n");
            assertThat(leader.call("CONFIG", "SET", "raft.log-delay-apply", "0")).isEqualTo("+OK\r\n");
            assertThat(a.call("PING")).isEqualTo("+PONG\r\n"); // served, not disconnected
            await(() -> n2.call("EXISTS", "q"), r -> r.equals(":0\r\n"));
        }
        await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports), DigestClusterTest::allEqual);
    }
}
