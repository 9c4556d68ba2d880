package io.redraft.server;

import io.redraft.resp.TestCertificates;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Clients of a TLS port in tests: Jedis, a bare SSL socket, redis-cli. */
final class TlsClients {
    private TlsClients() {}

    /** An SSL socket factory that trusts {@code ca} and presents {@code client} (none when null). */
    static SSLSocketFactory factory(TestCertificates.Authority ca, TestCertificates.Issued client) throws Exception {
        char[] pw = "pw".toCharArray();
        KeyManagerFactory kmf = null;
        if (client != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", client.key(), pw, new X509Certificate[] {client.cert()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca.self().cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    static Jedis jedis(int port, SSLSocketFactory f) {
        return new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().ssl(true).sslSocketFactory(f).timeoutMillis(5000).build());
    }

    /** The subject of the certificate the server presents to a new connection. */
    static String serverSubject(int port, SSLSocketFactory f) throws Exception {
        try (SSLSocket s = (SSLSocket) f.createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** Runs redis-cli over TLS with the given certificate files; returns its output (stdout and stderr). */
    static String redisCli(int port, TestCertificates.PemPair client, java.nio.file.Path caFile, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--tls",
                "--cacert", caFile.toString()));
        if (client != null) cmd.addAll(List.of("--cert", client.cert().toString(), "--key", client.key().toString()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out.strip();
    }
}
