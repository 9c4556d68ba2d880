package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.TestCertificates;
import io.redraft.resp.TestCertificates.Authority;
import io.redraft.resp.TestCertificates.PemPair;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The busy leader's heartbeats go over their own blocking sockets, not RespConnection: with
 * {@code raft.tls-enabled} they must speak TLS too, or a long command costs an election.
 */
class TlsBusyLeaderTest {
    @TempDir
    Path dir;

    @Test
    void heartbeatsOfABusyLeaderAreEncrypted() throws Exception {
        Authority ca = TestCertificates.authority("Redraft Test CA");
        Path caFile = ca.writeCert(dir.resolve("ca.crt"));
        SSLSocketFactory f = TlsClients.factory(ca, ca.issue("admin"));
        int[] ports = new int[3];
        try (InProcessCluster cluster = new InProcessCluster(dir)) {
            for (int i = 0; i < 3; i++) {
                ports[i] = InProcessCluster.freePort();
                PemPair cert = ca.issue("n" + i).write(dir, "n" + i);
                cluster.start("n" + i, ports[i], "--port", "0", "--tls-port", Integer.toString(ports[i]),
                        "--tls-cert-file", cert.cert().toString(), "--tls-key-file", cert.key().toString(),
                        "--tls-ca-cert-file", caFile.toString(), "--raft.tls-enabled", "yes",
                        "--raft.election-timeout", "500", "--raft.test-hooks", "yes");
            }
            try (Jedis leader = TlsClients.jedis(ports[0], f)) {
                leader.sendCommand(() -> SafeEncoder.encode("RAFT.CLUSTER"), "INIT");
                await(() -> leader.set("warm", "up"), "OK"::equals);
                for (int i = 1; i < 3; i++) {
                    try (Jedis j = TlsClients.jedis(ports[i], f)) {
                        j.sendCommand(() -> SafeEncoder.encode("RAFT.CLUSTER"), "JOIN", "127.0.0.1:" + ports[0]);
                    }
                }
                await(() -> leader.info("raft"), r -> r.contains("raft_num_voting_nodes:3"));
                String term = field(leader.info("raft"), "raft_current_term");
                // Six election timeouts with the node thread held: only the keeper's heartbeats prevent an election.
                leader.sendCommand(() -> SafeEncoder.encode("RAFT.DEBUG"), "SLEEP", "3000");
                assertThat(leader.set("k", "v")).isEqualTo("OK");
                for (int i = 1; i < 3; i++) {
                    try (Jedis j = TlsClients.jedis(ports[i], f)) {
                        assertThat(field(j.info("raft"), "raft_current_term")).isEqualTo(term);
                    }
                }
                assertThat(Long.parseLong(field(leader.info("raft"), "raft_busy_heartbeats"))).isPositive();
            }
        }
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        }
        throw new AssertionError(name + " not in " + info);
    }
}
