package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.TestCertificates;
import io.redraft.resp.TestCertificates.Authority;
import io.redraft.resp.TestCertificates.PemPair;
import io.redraft.server.net.tls.TlsFailed;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/**
 * A 3-node cluster with TLS on every link and on the client port only ({@code port 0},
 * {@code tls-auth-clients yes}): certificates made by the test, refusals of whoever lacks one.
 */
class TlsClusterTest {
    @TempDir
    static Path dir;
    static InProcessCluster cluster;
    static Authority ca;
    static Path caFile;
    static PemPair client;
    static SSLSocketFactory withCert;
    static int[] ports = new int[3];

    static String[] nodeArgs(int port, PemPair node, String... extra) {
        List<String> a = new ArrayList<>(List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", node.cert().toString(), "--tls-key-file", node.key().toString(),
                "--tls-ca-cert-file", caFile.toString(), "--tls-auth-clients", "yes", "--raft.tls-enabled", "yes"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @BeforeAll
    static void form() throws Exception {
        ca = TestCertificates.authority("Redraft Test CA");
        caFile = ca.writeCert(dir.resolve("ca.crt"));
        client = ca.issue("client").write(dir, "client");
        withCert = TlsClients.factory(ca, ca.issue("jedis"));
        cluster = new InProcessCluster(dir);
        for (int i = 0; i < 3; i++) {
            ports[i] = InProcessCluster.freePort();
            // The key of n2 is encrypted: the password path is part of what forms the cluster.
            PemPair cert = ca.issue("n" + (i + 1)).write(dir, "n" + (i + 1), i == 1 ? "s3cret" : null);
            String[] extra = i == 1 ? nodeArgs(ports[i], cert, "--tls-key-file-pass", "s3cret") : nodeArgs(ports[i], cert);
            cluster.start("n" + (i + 1), ports[i], extra);
        }
        try (Jedis first = TlsClients.jedis(ports[0], withCert)) {
            first.sendCommand(cmd("RAFT.CLUSTER"), "INIT");
            await(() -> first.set("warm", "up"), "OK"::equals);
            for (int i = 1; i < 3; i++) {
                try (Jedis j = TlsClients.jedis(ports[i], withCert)) {
                    assertThat(str(j.sendCommand(cmd("RAFT.CLUSTER"), "JOIN", "127.0.0.1:" + ports[0]))).isEqualTo("OK");
                }
            }
            await(() -> first.info("raft"), r -> r.contains("raft_num_voting_nodes:3"));
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void electsAndReplicatesOverTlsLinks() throws Exception {
        try (Jedis leader = TlsClients.jedis(ports[0], withCert)) {
            assertThat(leader.set("k", "over tls")).isEqualTo("OK");
            long commit = Long.parseLong(field(leader.info("raft"), "raft_commit_index"));
            for (int i = 1; i < 3; i++) {
                try (Jedis f = TlsClients.jedis(ports[i], withCert)) {
                    await(() -> field(f.info("raft"), "raft_last_applied_index"), v -> Long.parseLong(v) >= commit);
                }
            }
        }
    }

    @Test
    void redisCliOverTlsWorks() throws Exception {
        assertThat(TlsClients.redisCli(ports[0], client, caFile, "SET", "cli", "v")).isEqualTo("OK");
        assertThat(TlsClients.redisCli(ports[0], client, caFile, "GET", "cli")).isEqualTo("v");
    }

    @Test
    void lettuceOverTlsWorks() {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.builder().withHost("127.0.0.1").withPort(ports[0])
                .withSsl(true).withVerifyPeer(io.lettuce.core.SslVerifyMode.CA).build();
        io.lettuce.core.RedisClient lettuce = io.lettuce.core.RedisClient.create(uri);
        try {
            lettuce.setOptions(io.lettuce.core.ClientOptions.builder().sslOptions(io.lettuce.core.SslOptions.builder().jdkSslProvider()
                    .keyManager(client.cert().toFile(), client.key().toFile(), null).trustManager(caFile.toFile()).build()).build());
            try (var conn = lettuce.connect()) {
                assertThat(conn.sync().set("lettuce", "tls")).isEqualTo("OK");
                assertThat(conn.sync().get("lettuce")).isEqualTo("tls");
            }
        } finally {
            lettuce.shutdown();
        }
    }

    @Test
    void aClientWithoutCertificateIsRefused() throws Exception {
        SSLSocketFactory noCert = TlsClients.factory(ca, null);
        // Jedis greets the server while connecting: that is where the refusal shows, as the
        // server's alert or, when the close wins the race with the greeting, a broken pipe.
        assertThatThrownBy(() -> {
            try (Jedis j = TlsClients.jedis(ports[0], noCert)) {
                j.ping();
            }
        }).isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        assertThat(TlsClients.redisCli(ports[0], null, caFile, "PING")).doesNotContain("PONG");
        try (Jedis ok = TlsClients.jedis(ports[0], withCert)) {
            assertThat(ok.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aClientWithAForeignCertificateIsRefused() throws Exception {
        Authority foreign = TestCertificates.authority("Someone Else's CA");
        SSLSocketFactory f = TlsClients.factory(ca, foreign.issue("intruder"));
        assertThatThrownBy(() -> {
            try (Jedis j = TlsClients.jedis(ports[0], f)) {
                j.ping();
            }
        }).isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        try (Jedis ok = TlsClients.jedis(ports[0], withCert)) {
            assertThat(ok.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void garbageAndPlaintextOnTheTlsPortGetAClosedConnection() throws Exception {
        for (String probe : List.of("PING\r\n", "*1\r\n$4\r\nPING\r\n", "\u0016\u0003\u0001garbage garbage garbage\r\n")) {
            try (Socket s = new Socket("127.0.0.1", ports[0])) {
                s.setSoTimeout(15_000);
                s.getOutputStream().write(probe.getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = s.getInputStream();
                // Nothing in RESP comes back: the stream ends (a TLS alert at most precedes the close).
                byte[] got = in.readAllBytes();
                assertThat(new String(got, StandardCharsets.ISO_8859_1)).doesNotContain("PONG").doesNotStartWith("-ERR");
            }
        }
        try (Jedis ok = TlsClients.jedis(ports[0], withCert)) {
            assertThat(ok.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aNodeWithAForeignCertificateCannotJoin() throws Exception {
        Authority foreign = TestCertificates.authority("Someone Else's CA");
        PemPair stranger = foreign.issue("n4").write(dir, "n4");
        int port = InProcessCluster.freePort();
        // It trusts our CA, so only its own certificate is wrong.
        RedraftServer n4 = cluster.start("n4", port, nodeArgs(port, stranger, "--raft.join-timeout", "2000"));
        try {
            try (Jedis j = TlsClients.jedis(port, TlsClients.factory(foreign, ca.issue("admin")))) {
                Object reply;
                try {
                    reply = j.sendCommand(cmd("RAFT.CLUSTER"), "JOIN", "127.0.0.1:" + ports[0]);
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                    reply = e.getMessage();
                }
                assertThat(str(reply)).startsWith("ERR");
            }
            try (Jedis leader = TlsClients.jedis(ports[0], withCert)) {
                assertThat(leader.info("raft")).contains("raft_num_nodes:3");
            }
        } finally {
            cluster.stop(n4);
        }
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        }
        throw new AssertionError(name + " not in " + info);
    }

    private static String str(Object reply) {
        return reply instanceof byte[] b ? SafeEncoder.encode(b) : String.valueOf(reply);
    }

    static redis.clients.jedis.commands.ProtocolCommand cmd(String name) {
        return () -> SafeEncoder.encode(name);
    }
}
