package io.redraft.testkit.cluster;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * How the harness reaches nodes that run with TLS and ACL on ({@code bin/redraft-faults --tls
 * --acl}, docs/security.md): a CA and certificates made for the run (never stored anywhere but the
 * run's directory), the nodes' settings, and client connections that present the client
 * certificate and log in. Process-wide: {@link #enable} once before the cluster starts; every
 * connection the harness opens ({@link #jedis}, {@link #appJedis}, {@link #socket}) then follows it.
 *
 * <p>With ACL on, three users: {@code admin} (everything, the harness's checks and nemeses),
 * {@code app} (what the workloads run: every command but {@code @admin}, {@code @dangerous} and
 * {@code @raft}), {@code peer} (only {@code @raft}: the nodes' links, as {@code raft.cluster-user});
 * the default user is off.
 */
public final class ClusterSecurity {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";
    public static final String APP = "app";
    public static final String APP_PASSWORD = "app-secret";
    public static final String PEER = "peer";
    public static final String PEER_PASSWORD = "peer-secret";

    private static volatile boolean tls;
    private static volatile boolean acl;
    private static volatile SSLSocketFactory clientFactory;
    private static volatile Path caFile, nodeCert, nodeKey, clientCert, clientKey;
    private static volatile Issued authority, harnessClient;

    private ClusterSecurity() {}

    /** Turns TLS and/or ACL on for every node and connection of this JVM; certificates go to {@code dir}. */
    public static synchronized void enable(Path dir, boolean withTls, boolean withAcl) {
        acl = withAcl;
        tls = withTls;
        if (!withTls) return;
        try {
            Files.createDirectories(dir);
            Issued ca = authority("Redraft harness CA");
            authority = ca;
            Issued node = issue(ca, "redraft-node");
            Issued client = issue(ca, "redraft-harness");
            harnessClient = client;
            caFile = write(dir.resolve("ca.crt"), pem(ca.cert()));
            nodeCert = write(dir.resolve("node.crt"), pem(node.cert()));
            nodeKey = write(dir.resolve("node.key"), pem(new JcaPKCS8Generator(node.key(), null)));
            clientCert = write(dir.resolve("client.crt"), pem(client.cert()));
            clientKey = write(dir.resolve("client.key"), pem(new JcaPKCS8Generator(client.key(), null)));
            clientFactory = factory(ca.cert(), client);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Back to plain connections without users (tests that enable it for one run). */
    public static synchronized void disable() {
        tls = false;
        acl = false;
    }

    public static boolean tls() {
        return tls;
    }

    public static boolean acl() {
        return acl;
    }

    public static Path caFile() {
        return caFile;
    }

    public static Path clientCert() {
        return clientCert;
    }

    public static Path clientKey() {
        return clientKey;
    }

    public static SSLSocketFactory clientFactory() {
        return clientFactory;
    }

    /**
     * A client certificate from the run's CA valid from {@code notBefore} to {@code notAfter} (an
     * expired one, for tests of refusals), or with {@code notBefore} null no certificate at all.
     */
    public static SSLSocketFactory clientFactory(Instant notBefore, Instant notAfter) {
        try {
            return factory(authority.cert(), notBefore == null ? null : issue(authority, "other-client", notBefore, notAfter));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node's settings for listening on {@code port}: TLS only on that port, and the users. */
    public static List<String> serverArgs(int port) {
        List<String> a = new ArrayList<>();
        if (tls) {
            a.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--raft.tls-enabled", "yes",
                    "--tls-cert-file", nodeCert.toString(), "--tls-key-file", nodeKey.toString(),
                    "--tls-ca-cert-file", caFile.toString(), "--tls-auth-clients", "yes"));
        }
        if (acl) {
            a.addAll(List.of("--user", "default", "off",
                    "--user", ADMIN, "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all",
                    "--user", APP, "on", ">" + APP_PASSWORD, "~*", "&*", "+@all", "-@admin", "-@dangerous", "-@raft",
                    "--user", PEER, "on", ">" + PEER_PASSWORD, "-@all", "+@raft",
                    "--raft.cluster-user", PEER, "--raft.cluster-password", PEER_PASSWORD));
        }
        return a;
    }

    /** redis-cli's options for the harness's connections: {@code --tls} with the client certificate, the admin user. */
    public static List<String> redisCliArgs() {
        List<String> a = new ArrayList<>();
        if (tls) {
            a.addAll(List.of("--tls", "--cert", clientCert.toString(), "--key", clientKey.toString(), "--cacert", caFile.toString()));
        }
        if (acl) a.addAll(List.of("--user", ADMIN, "--pass", ADMIN_PASSWORD, "--no-auth-warning"));
        return a;
    }

    /** A connection for the harness's own checks and faults (the admin user). */
    public static Jedis jedis(String host, int port, int timeoutMillis) {
        return connect(host, port, timeoutMillis, ADMIN, ADMIN_PASSWORD);
    }

    /** A connection for a workload's client (the app user). */
    public static Jedis appJedis(String host, int port, int timeoutMillis) {
        return connect(host, port, timeoutMillis, APP, APP_PASSWORD);
    }

    private static Jedis connect(String host, int port, int timeoutMillis, String user, String password) {
        if (!tls && !acl) return new Jedis(host, port, timeoutMillis);
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis);
        if (tls) b.ssl(true).sslSocketFactory(clientFactory);
        if (acl) b.user(user).password(password);
        return new Jedis(new HostAndPort(host, port), b.build());
    }

    /** A raw socket to a node, TLS when it is on (handshake made), not logged in. */
    public static Socket socket(String host, int port, int connectTimeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        if (!tls) return s;
        javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) clientFactory.createSocket(s, host, port, true);
        ssl.setSoTimeout(connectTimeoutMillis * 2);
        ssl.startHandshake();
        return ssl;
    }

    // ---- certificates ----

    private record Issued(X509Certificate cert, PrivateKey key) {}

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private static Issued authority(String cn) throws GeneralSecurityException, IOException {
        KeyPair kp = keyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + cn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(sign(b, kp.getPrivate()), kp.getPrivate());
    }

    private static Issued issue(Issued ca, String cn) throws GeneralSecurityException, IOException {
        Instant now = Instant.now();
        return issue(ca, cn, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7)));
    }

    private static Issued issue(Issued ca, String cn, Instant notBefore, Instant notAfter) throws GeneralSecurityException, IOException {
        KeyPair kp = keyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + cn), kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        // Peers are not checked by host name (nodes are addressed by IP, as in RedisRaft): loopback suffices.
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new Issued(sign(b, ca.key()), kp.getPrivate());
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** The run's client certificate, trusting any server: to talk to a node whose own certificate is foreign. */
    public static SSLSocketFactory clientFactoryTrustingAnyServer() {
        try {
            return factory(authority.cert(), harnessClient, true);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLSocketFactory factory(X509Certificate ca, Issued client) throws GeneralSecurityException, IOException {
        return factory(ca, client, false);
    }

    private static SSLSocketFactory factory(X509Certificate ca, Issued client, boolean trustAny)
            throws GeneralSecurityException, IOException {
        char[] pw = "harness".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (client != null) keys.setKeyEntry("client", client.key(), pw, new java.security.cert.Certificate[] {client.cert(), ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        javax.net.ssl.TrustManager[] trusting = !trustAny ? new javax.net.ssl.TrustManager[] {chainOnly(tmf)} : new javax.net.ssl.TrustManager[] {
            new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) { }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
        ctx.init(kmf.getKeyManagers(), trusting, null);
        return ctx.getSocketFactory();
    }

    /**
     * The CA's chain check without the host name check: nodes in network namespaces have addresses
     * known only once they start, and RedisRaft checks peers the same way (docs/security.md).
     */
    private static javax.net.ssl.X509TrustManager chainOnly(TrustManagerFactory tmf) {
        javax.net.ssl.X509TrustManager d = (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
        return new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws java.security.cert.CertificateException {
                d.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                    throws java.security.cert.CertificateException {
                d.checkServerTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                    throws java.security.cert.CertificateException {
                d.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                    throws java.security.cert.CertificateException {
                d.checkServerTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                d.checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                d.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return d.getAcceptedIssuers();
            }
        };
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return file;
    }
}
