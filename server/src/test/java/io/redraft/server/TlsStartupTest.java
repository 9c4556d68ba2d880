package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.TestCertificates;
import io.redraft.resp.TestCertificates.Authority;
import io.redraft.resp.TestCertificates.PemPair;
import io.redraft.server.config.ConfigException;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.net.tls.TlsFailed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** What a node says when its TLS settings cannot work, and CONFIG SET reloading certificates. */
class TlsStartupTest {
    @TempDir
    static Path dir;
    static Authority ca;
    static Path caFile;
    static PemPair node;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.authority("Redraft Test CA");
        caFile = ca.writeCert(dir.resolve("ca.crt"));
        node = ca.issue("node").write(dir, "node");
    }

    private static RedraftServer start(String name, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("--bind", "127.0.0.1", "--dir", dir.resolve(name).toFile().getAbsolutePath(),
                "--raft.log-fsync", "no"));
        java.nio.file.Files.createDirectories(dir.resolve(name));
        a.addAll(List.of(args));
        return RedraftServer.start(ServerConfig.parse(a.toArray(new String[0])));
    }

    private static String tlsPort() throws Exception {
        return Integer.toString(InProcessCluster.freePort());
    }

    @Test
    void anExpiredCertificateIsAStartupError() throws Exception {
        PemPair old = ca.issueExpired("old").write(dir, "old");
        assertThatThrownBy(() -> start("expired", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", old.cert().toString(),
                "--tls-key-file", old.key().toString(), "--tls-ca-cert-file", caFile.toString()))
                .isInstanceOf(TlsFailed.class)
                .hasMessageStartingWith("Failed to load certificate: " + old.cert() + ": certificate expired on ");
    }

    @Test
    void aRealProcessLogsRedisLinesAndExitsWithStatus1() throws Exception {
        PemPair old = ca.issueExpired("old-process").write(dir, "old-process");
        String jvm = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(jvm, "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.redraft.server.Main",
                "--port", "0", "--tls-port", tlsPort(), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--tls-cert-file", old.cert().toString(), "--tls-key-file", old.key().toString(),
                "--tls-ca-cert-file", caFile.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(out).contains("# Failed to load certificate: " + old.cert() + ": certificate expired on ")
                .contains("# " + TlsFailed.CONFIGURE_FAILED).doesNotContain("Exception");
    }

    @Test
    void aWrongKeyPasswordIsAStartupError() throws Exception {
        PemPair locked = ca.issue("locked").write(dir, "locked", "right");
        assertThatThrownBy(() -> start("wrongpass", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", locked.cert().toString(),
                "--tls-key-file", locked.key().toString(), "--tls-key-file-pass", "wrong", "--tls-ca-cert-file", caFile.toString()))
                .isInstanceOf(TlsFailed.class)
                .hasMessage("Failed to load private key: " + locked.key() + ": bad decrypt");
        assertThatThrownBy(() -> start("nopass", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", locked.cert().toString(),
                "--tls-key-file", locked.key().toString(), "--tls-ca-cert-file", caFile.toString()))
                .isInstanceOf(TlsFailed.class)
                .hasMessageContaining("the key is encrypted and no password is set");
    }

    @Test
    void missingSettingsAreRefusedWithRedisWords() {
        assertThatThrownBy(() -> start("nocert", "--port", "0", "--tls-port", tlsPort()))
                .isInstanceOf(TlsFailed.class).hasMessage("No tls-cert-file configured!");
        assertThatThrownBy(() -> start("nocert", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", node.cert().toString()))
                .isInstanceOf(TlsFailed.class).hasMessage("No tls-key-file configured!");
        assertThatThrownBy(() -> start("noca", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", node.cert().toString(),
                "--tls-key-file", node.key().toString()))
                .isInstanceOf(TlsFailed.class)
                .hasMessage("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication "
                        + "or tls-auth-clients are enabled!");
        assertThatThrownBy(() -> start("noport", "--raft.tls-enabled", "yes", "--tls-cert-file", node.cert().toString(),
                "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", caFile.toString()))
                .isInstanceOf(TlsFailed.class).hasMessageContaining("tls-port");
        assertThatThrownBy(() -> start("missing", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", "/nonexistent.crt",
                "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", caFile.toString()))
                .isInstanceOf(TlsFailed.class)
                .hasMessage("Failed to load certificate: /nonexistent.crt: No such file or directory");
        assertThatThrownBy(() -> start("protocols", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", node.cert().toString(),
                "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", caFile.toString(), "--tls-protocols", "TLSv1.9"))
                .isInstanceOf(TlsFailed.class)
                .hasMessage("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
    }

    @Test
    void configSetOfTheCertificateReloadsItForNewConnections() throws Exception {
        String port = tlsPort();
        SSLSocketFactory f = TlsClients.factory(ca, ca.issue("admin"));
        try (RedraftServer s = start("reload", "--port", "0", "--tls-port", port, "--tls-cert-file", node.cert().toString(),
                "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", caFile.toString())) {
            int p = Integer.parseInt(port);
            assertThat(TlsClients.serverSubject(p, f)).isEqualTo("CN=node");
            PemPair renewed = ca.issue("renewed").write(dir, "renewed", "pw");
            try (Jedis open = TlsClients.jedis(p, f)) {
                assertThat(open.ping()).isEqualTo("PONG");
                // A bad file is refused in Redis's words and the old certificate stays.
                assertThatThrownBy(() -> open.configSet("tls-cert-file", "/nonexistent.crt"))
                        .hasMessage("ERR CONFIG SET failed (possibly related to argument 'tls-cert-file') - "
                                + TlsFailed.UPDATE_FAILED);
                assertThat(open.configGet("tls-cert-file").get("tls-cert-file")).isEqualTo(node.cert().toString());
                assertThat(open.configSet("tls-cert-file", renewed.cert().toString(), "tls-key-file", renewed.key().toString(),
                        "tls-key-file-pass", "pw")).isEqualTo("OK");
                assertThat(open.ping()).isEqualTo("PONG"); // the open connection keeps its session
            }
            assertThat(TlsClients.serverSubject(p, f)).isEqualTo("CN=renewed");
        }
    }

    @Test
    void theOpenSslEngineServesTheSame() throws Exception {
        String port = tlsPort();
        SSLSocketFactory f = TlsClients.factory(ca, ca.issue("admin"));
        System.setProperty(io.redraft.server.net.tls.TlsProvider.PROPERTY, "openssl");
        try (RedraftServer s = start("openssl", "--port", "0", "--tls-port", port, "--tls-cert-file", node.cert().toString(),
                "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", caFile.toString(),
                "--tls-ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256", "--tls-prefer-server-ciphers", "yes");
             Jedis j = TlsClients.jedis(Integer.parseInt(port), f)) {
            assertThat(j.ping()).isEqualTo("PONG");
            SSLSocketFactory noCert = TlsClients.factory(ca, null);
            assertThatThrownBy(() -> {
                try (Jedis refused = TlsClients.jedis(Integer.parseInt(port), noCert)) {
                    refused.ping();
                }
            }).isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
        } finally {
            System.clearProperty(io.redraft.server.net.tls.TlsProvider.PROPERTY);
        }
    }

    @Test
    void anUnknownCipherIsAStartupError() {
        assertThatThrownBy(() -> start("ciphers", "--port", "0", "--tls-port", tlsPort(), "--tls-cert-file", node.cert().toString(),
                "--tls-key-file", node.key().toString(), "--tls-ca-cert-file", caFile.toString(), "--tls-ciphers", "NO-SUCH-CIPHER"))
                .isInstanceOf(TlsFailed.class).hasMessageStartingWith("Failed to configure");
    }

    @Test
    void theDefaultsAreRedis70s() throws ConfigException {
        ServerConfig c = ServerConfig.parse(new String[0]);
        assertThat(c.value("tls-port")).contains("0");
        assertThat(c.value("tls-auth-clients")).contains("yes");
        assertThat(c.value("tls-session-caching")).contains("yes");
        assertThat(c.value("tls-session-cache-size")).contains("20480");
        assertThat(c.value("tls-session-cache-timeout")).contains("300");
        assertThat(c.value("tls-prefer-server-ciphers")).contains("no");
        assertThat(c.value("tls-protocols")).contains("");
    }
}
