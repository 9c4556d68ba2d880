package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * raft.follower-proxy switched on at run time: the first commands do not fail while the link to
 * the leader opens and authenticates, and requests that wait for the link are bounded in number
 * and in time (proxy-response-timeout).
 */
class FollowerProxyTest extends InProcessClusterFixture {

    @Test
    void theFirstProxiedCommandsWaitForTheLink() throws Exception {
        int[] ports = cluster.form(3);
        try (RawClient leader = new RawClient(ports[0]); RawClient f2 = new RawClient(ports[1]);
                RawClient f3 = new RawClient(ports[2])) {
            // No retries: the very first command after CONFIG SET is proxied, as is a first EXEC.
            assertThat(f2.call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
            assertThat(f2.call("SET", "first", "via-n2")).isEqualTo("+OK\r\n");
            assertThat(f3.call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
            assertThat(f3.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(f3.call("SET", "tx", "via-n3")).isEqualTo("+QUEUED\r\n");
            assertThat(f3.call("INCR", "n")).isEqualTo("+QUEUED\r\n");
            assertThat(f3.call("EXEC")).isEqualTo("*2\r\n+OK\r\n:1\r\n");
            assertThat(leader.call("MGET", "first", "tx")).isEqualTo("*2\r\n$6\r\nvia-n2\r\n$6\r\nvia-n3\r\n");
            assertThat(f2.call("INFO", "raft_clients")).contains("raft_proxy_failed_reqs:0\r\n");
        }
    }

    @Test
    void requestsWaitingForAnUnreachableLeaderAreBoundedAndTimeOut() throws Exception {
        // The followers keep believing in the stopped leader (no election for ten minutes), so
        // their proxy can never open its link.
        int[] ports = cluster.form(3, "--raft.election-timeout", "600000");
        cluster.stop(cluster.server(0));
        List<RawClient> waiting = new ArrayList<>();
        try (RawClient f2 = new RawClient(ports[1])) {
            assertThat(f2.call("CONFIG", "SET", "raft.proxy-response-timeout", "600000")).isEqualTo("+OK\r\n");
            assertThat(f2.call("CONFIG", "SET", "raft.follower-proxy", "yes")).isEqualTo("+OK\r\n");
            for (int i = 0; i < 1024; i++) {
                RawClient c = new RawClient(ports[1]);
                waiting.add(c);
                c.send(RawClient.command("SET", "k" + i, "v"));
            }
            await(() -> f2.call("INFO", "raft_clients"), r -> r.contains("raft_proxy_outstanding_reqs:1024\r\n"));
            try (RawClient oneTooMany = new RawClient(ports[1])) {
                assertThat(oneTooMany.call("SET", "k", "v")).isEqualTo("-NOTLEADER Failed to proxy command\r\n");
            }
            // The waiting requests fail once they have waited proxy-response-timeout.
            assertThat(f2.call("CONFIG", "SET", "raft.proxy-response-timeout", "100")).isEqualTo("+OK\r\n");
            for (RawClient c : waiting) assertThat(c.readReply()).isEqualTo("-TIMEOUT no reply from leader\r\n");
            assertThat(f2.call("INFO", "raft_clients")).contains("raft_proxy_outstanding_reqs:0\r\n");
        } finally {
            for (RawClient c : waiting) c.close();
        }
    }
}
