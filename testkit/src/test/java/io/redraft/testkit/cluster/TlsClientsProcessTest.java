package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.TestCertificates;
import io.redraft.resp.TestCertificates.Authority;
import io.redraft.resp.TestCertificates.PemPair;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Real processes (issue 17's proof): three nodes serving TLS only, {@code tls-auth-clients yes},
 * TLS on every link. The stock redis-cli {@code --tls}, Jedis and Lettuce work against them; a
 * client without a certificate, with an expired one or one from a foreign CA is refused, as are
 * plaintext and garbage, and a node with a foreign CA's certificate cannot join; a wrong key
 * password or an expired node certificate stops a node at start with Redis's words. After each
 * refusal the cluster keeps serving. Certificates are made by the test (ClusterSecurity, TestCertificates).
 */
@Tag("cluster")
class TlsClientsProcessTest {
    static Path dir;
    static LocalCluster cluster;
    static int leaderPort;

    @BeforeAll
    static void form() throws Exception {
        dir = Files.createTempDirectory("tls-clients");
        ClusterSecurity.enable(dir.resolve("certs"), true, false);
        cluster = LocalCluster.formed("tls-clients", 3);
        leaderPort = cluster.node(cluster.leader()).port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
        ClusterSecurity.disable();
        NodeProcess.deleteRecursively(dir);
    }

    private static Jedis jedis(int port, SSLSocketFactory f) {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(f)
                .connectionTimeoutMillis(5000).socketTimeoutMillis(5000).build());
    }

    /** The cluster still serves a good client: a write on the leader, read back from every node's keyspace. */
    private static void stillServing(String key) {
        try (Jedis ok = ClusterSecurity.jedis("127.0.0.1", leaderPort, 5000)) {
            assertThat(ok.set(key, "v")).isEqualTo("OK");
        }
        cluster.waitFor("every node has " + key, () -> {
            for (NodeProcess n : cluster.nodes()) {
                try (Jedis j = n.jedis()) {
                    if (!Cmd.string(j, "RAFT.DEBUG", "EXEC", "GET", key).equals("v")) return false;
                }
            }
            return true;
        });
    }

    @Test
    void redisCliJedisAndLettuceWorkOverTls() {
        assertThat(RedisCli.call(leaderPort, "SET", "cli", "over-tls")).isEqualTo("OK");
        assertThat(RedisCli.call(leaderPort, "GET", "cli")).isEqualTo("over-tls");
        for (NodeProcess n : cluster.nodes()) {
            assertThat(RedisCli.call(n.port(), "INFO", "raft")).contains("raft_num_voting_nodes:3");
            // redis-cli -c follows a follower's MOVED over TLS too.
            assertThat(RedisCli.cluster(n.port(), "GET", "cli").out()).isEqualTo("over-tls");
        }
        try (Jedis j = ClusterSecurity.jedis("127.0.0.1", leaderPort, 5000)) {
            assertThat(j.set("jedis", "tls")).isEqualTo("OK");
            assertThat(j.get("jedis")).isEqualTo("tls");
        }
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(leaderPort)
                .withSsl(true).withVerifyPeer(io.lettuce.core.SslVerifyMode.CA).build();
        io.lettuce.core.RedisClient lettuce = io.lettuce.core.RedisClient.create(uri);
        try {
            lettuce.setOptions(io.lettuce.core.ClientOptions.builder().sslOptions(io.lettuce.core.SslOptions.builder()
                    .jdkSslProvider().keyManager(ClusterSecurity.clientCert().toFile(), ClusterSecurity.clientKey().toFile(), null)
                    .trustManager(ClusterSecurity.caFile().toFile()).build()).build());
            try (var conn = lettuce.connect()) {
                assertThat(conn.sync().set("lettuce", "tls")).isEqualTo("OK");
                assertThat(conn.sync().get("lettuce")).isEqualTo("tls");
            }
        } finally {
            lettuce.shutdown();
        }
        stillServing("after-clients");
    }

    @Test
    void clientsWithoutAGoodCertificateAreRefused() throws Exception {
        Instant now = Instant.now();
        Authority foreign = TestCertificates.authority("Someone Else's CA");
        List<SSLSocketFactory> bad = List.of(
                ClusterSecurity.clientFactory(null, null), // no certificate
                ClusterSecurity.clientFactory(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))), // expired
                foreignClient(foreign));
        for (SSLSocketFactory f : bad) {
            assertThatThrownBy(() -> {
                try (Jedis j = jedis(leaderPort, f)) {
                    j.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
        }
        // redis-cli without --cert: refused, with OpenSSL's words.
        RedisCli.Result noCert = RedisCli.bare(leaderPort, List.of(), "--tls", "--cacert", ClusterSecurity.caFile().toString(), "PING");
        assertThat(noCert.stdout()).doesNotContain("PONG");
        stillServing("after-bad-certificates");
    }

    @Test
    void plaintextAndGarbageOnTheTlsPortGetAClosedConnection() throws Exception {
        for (String probe : List.of("PING\r\n", "*1\r\n$4\r\nPING\r\n", "\u0016\u0003\u0001garbage garbage garbage\r\n",
                "\u0000\u00ff".repeat(3000))) {
            try (Socket s = new Socket("127.0.0.1", leaderPort)) {
                s.setSoTimeout(15_000);
                try {
                    s.getOutputStream().write(probe.getBytes(StandardCharsets.ISO_8859_1));
                } catch (java.net.SocketException closedWhileWriting) {
                    continue; // the node hung up before the probe was all sent
                }
                byte[] got;
                try {
                    InputStream in = s.getInputStream();
                    got = in.readAllBytes(); // the stream ends: a TLS alert at most, never RESP
                } catch (java.net.SocketException reset) {
                    got = new byte[0]; // closed with unread bytes behind it: a reset is a close too
                }
                assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("PONG").doesNotStartWith("-ERR");
            }
        }
        // Plain redis-cli (no --tls) on the TLS port gets no reply either.
        RedisCli.Result plain = RedisCli.bare(leaderPort, List.of("-t", "5"), "PING");
        assertThat(plain.stdout()).doesNotContain("PONG");
        stillServing("after-garbage");
    }

    @Test
    void aNodeWithAForeignCertificateCannotJoin() throws Exception {
        Authority foreign = TestCertificates.authority("Someone Else's CA");
        PemPair stranger = foreign.issue("stranger").write(dir, "stranger");
        NodeProcess n = new NodeProcess(9, dir.resolve("node9"), NodeProcess.freePort(), List.of(
                "--tls-cert-file", stranger.cert().toString(), "--tls-key-file", stranger.key().toString(),
                "--raft.join-timeout", "3000"));
        try {
            n.start();
            SSLSocketFactory anyServer = ClusterSecurity.clientFactoryTrustingAnyServer();
            cluster.waitFor("the stranger to listen", () -> {
                try (Jedis j = jedis(n.port(), anyServer)) {
                    return j.ping().equals("PONG");
                } catch (RuntimeException e) {
                    return false;
                }
            });
            try (Jedis j = jedis(n.port(), anyServer)) {
                Object reply;
                try {
                    reply = Cmd.string(j, "RAFT.CLUSTER", "JOIN", "127.0.0.1:" + leaderPort);
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                    reply = e.getMessage();
                }
                assertThat(String.valueOf(reply)).startsWith("ERR");
            }
            try (Jedis leader = ClusterSecurity.jedis("127.0.0.1", leaderPort, 5000)) {
                assertThat(leader.info("raft")).contains("raft_num_nodes:3");
            }
        } finally {
            n.kill9();
        }
        stillServing("after-stranger");
    }

    @Test
    void aWrongKeyPasswordOrAnExpiredNodeCertificateStopsTheNodeAtStart() throws Exception {
        Authority ca = TestCertificates.authority("Start-up CA");
        PemPair locked = ca.issue("locked").write(dir, "locked", "right-password");
        PemPair old = ca.issueExpired("old").write(dir, "old");
        String[][] cases = {
            {"--tls-cert-file", locked.cert().toString(), "--tls-key-file", locked.key().toString(), "--tls-key-file-pass", "wrong",
                "Failed to load private key: " + locked.key() + ": bad decrypt"},
            {"--tls-cert-file", old.cert().toString(), "--tls-key-file", old.key().toString(),
                "Failed to load certificate: " + old.cert() + ": certificate expired on "},
        };
        int i = 10;
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(c).subList(0, c.length - 1));
            NodeProcess n = new NodeProcess(i, dir.resolve("node" + i), NodeProcess.freePort(), args);
            i++;
            try {
                n.start();
                assertThat(n.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(n.logs() + n.tail(50)).contains(c[c.length - 1]).contains("Failed to configure TLS. Check logs for more info.");
            } finally {
                n.kill9();
            }
        }
        stillServing("after-bad-nodes");
    }

    /** A client certificate from another CA (the client itself trusts ours). */
    private static SSLSocketFactory foreignClient(Authority foreign) throws Exception {
        TestCertificates.Issued who = foreign.issue("intruder");
        char[] pw = "x".toCharArray();
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("c", who.key(), pw, new java.security.cert.Certificate[] {who.cert()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ClusterSecurity.caFile())) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }
}
