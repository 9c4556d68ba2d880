package io.redraft.server.net.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.redraft.server.config.ServerConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TLS: the server context for the {@code tls-port} listener and the client context
 * for links to other nodes ({@code raft.tls-enabled}). Both are rebuilt when a {@code tls-*}
 * directive changes, so new connections use the new certificates while open ones keep theirs.
 */
public final class Tls {
    private static final Logger log = LoggerFactory.getLogger(Tls.class);

    private final ServerConfig config;
    private final TlsProvider provider;
    private volatile Contexts contexts;

    private record Contexts(TlsSettings settings, SslContext server, SslContext client, SSLContext blocking) {}

    private Tls(ServerConfig config, TlsProvider provider) {
        this.config = config;
        this.provider = provider;
    }

    /**
     * Loads the certificates the configuration asks for: none when neither {@code tls-port} nor
     * {@code raft.tls-enabled} is set.
     *
     * @throws TlsFailed with the reason, in Redis's (or RedisRaft's) words
     */
    public static Tls load(ServerConfig config) {
        Tls tls = new Tls(config, TlsProvider.chosen());
        if (tls.inUse()) {
            tls.contexts = tls.build();
            log.info("TLS with the {} engine (tls-port {}, links to other nodes {})", tls.provider,
                    config.tlsPort(), config.tlsEnabled() ? "encrypted" : "plain");
        }
        for (String d : TlsSettings.DIRECTIVES) config.onChange(d, v -> tls.reload(d));
        // Turning TLS on at run time needs the contexts it did not need before.
        config.onChange("tls-port", v -> tls.reload("tls-port"));
        config.onChange("raft.tls-enabled", v -> tls.reload("raft.tls-enabled"));
        return tls;
    }

    /** Whether the {@code tls-port} listener or the links to other nodes use TLS. */
    public boolean inUse() {
        return config.tlsPort() != 0 || config.tlsEnabled();
    }

    /** Whether outgoing links to other nodes are encrypted ({@code raft.tls-enabled yes}). */
    public boolean linksEncrypted() {
        return config.tlsEnabled();
    }

    public TlsProvider provider() {
        return provider;
    }

    /** The first handler of a connection accepted on the TLS port. */
    public SslHandler serverHandler(ByteBufAllocator alloc) {
        Contexts c = current();
        SslHandler h = c.server.newHandler(alloc);
        if (c.settings.preferServerCiphers()) {
            SSLEngine e = h.engine();
            SSLParameters p = e.getSSLParameters();
            p.setUseCipherSuitesOrder(true);
            e.setSSLParameters(p);
        }
        return h;
    }

    /** The first handler of a link to the node at {@code host:port}. */
    public SslHandler clientHandler(ByteBufAllocator alloc, String host, int port) {
        return current().client.newHandler(alloc, host, port);
    }

    /**
     * Wraps a connected plain socket to another node in TLS, for the few links that are blocking
     * sockets rather than Netty channels (the busy leader's heartbeats), and completes the handshake.
     */
    public Socket clientSocket(Socket plain, String host, int port) throws IOException {
        Contexts c = current();
        SSLSocket s = (SSLSocket) c.blocking.getSocketFactory().createSocket(plain, host, port, true);
        s.setEnabledProtocols(c.settings.protocols().toArray(String[]::new));
        s.startHandshake();
        return s;
    }

    private Contexts current() {
        Contexts c = contexts;
        if (c == null) {
            // TLS was off at start and CONFIG SET has just turned it on (tls-port): build now.
            synchronized (this) {
                if (contexts == null) contexts = build();
                c = contexts;
            }
        }
        return c;
    }

    private void reload(String directive) {
        if (!inUse()) return; // as Redis: the settings are only checked once TLS is in use
        try {
            contexts = build();
            log.info("TLS configuration reloaded ({} changed)", directive);
        } catch (TlsFailed e) {
            // Redis logs the cause and answers CONFIG SET with a pointer to the log.
            log.warn(e.getMessage());
            log.warn("Failed applying new configuration. Possibly related to new {} setting. Restoring previous settings.", directive);
            throw new TlsFailed(TlsFailed.UPDATE_FAILED, e);
        }
    }

    private Contexts build() {
        TlsSettings s = TlsSettings.of(config);
        if (s.certFile() == null) throw new TlsFailed("No tls-cert-file configured!");
        if (s.keyFile() == null) throw new TlsFailed("No tls-key-file configured!");
        boolean verifies = !s.authClients().equals("no") || config.tlsEnabled();
        if (verifies && !s.hasCa()) {
            throw new TlsFailed("Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, "
                    + "tls-replication or tls-auth-clients are enabled!");
        }
        X509Certificate[] ca = s.hasCa()
                ? PemFiles.authorities(s.caCertFile(), s.caCertDir()).toArray(X509Certificate[]::new) : null;
        X509Certificate[] chain = PemFiles.chain(s.certFile(), "certificate").toArray(X509Certificate[]::new);
        PrivateKey key = PemFiles.privateKey(s.keyFile(), s.keyPass(), "private key");
        List<String> ciphers = javaNames(s.ciphers());
        SslContextBuilder server = SslContextBuilder.forServer(key, chain)
                .sslProvider(provider.netty())
                .protocols(s.protocols())
                .clientAuth(switch (s.authClients()) {
                    case "yes" -> ClientAuth.REQUIRE;
                    case "optional" -> ClientAuth.OPTIONAL;
                    default -> ClientAuth.NONE;
                });
        if (ca != null) server.trustManager(ca);
        if (!ciphers.isEmpty()) server.ciphers(ciphers);
        // Caching off: a one-entry cache whose sessions expire at once (the JDK cannot switch it off).
        server.sessionCacheSize(s.sessionCaching() ? s.sessionCacheSize() : 1)
                .sessionTimeout(s.sessionCaching() ? s.sessionCacheTimeout() : 1);
        SslContext serverCtx = built(server, ciphers);
        if (!config.tlsEnabled()) return new Contexts(s, serverCtx, null, null);
        ClientIdentity me = clientIdentity(s);
        return new Contexts(s, serverCtx, client(s, me, ca, ciphers), blocking(me, ca));
    }

    private record ClientIdentity(PrivateKey key, X509Certificate[] chain) {}

    private static ClientIdentity clientIdentity(TlsSettings s) {
        boolean own = s.clientCertFile() != null;
        if (own && s.clientKeyFile() == null) throw new TlsFailed("'tls-cert-file' or 'tls-key-file' is not configured.");
        Path certFile = own ? s.clientCertFile() : s.certFile();
        Path keyFile = own ? s.clientKeyFile() : s.keyFile();
        X509Certificate[] chain = PemFiles.chain(certFile, own ? "client certificate" : "certificate")
                .toArray(X509Certificate[]::new);
        PrivateKey key = PemFiles.privateKey(keyFile, own ? s.clientKeyPass() : s.keyPass(),
                own ? "private client key" : "private key");
        return new ClientIdentity(key, chain);
    }

    /** The JDK context for blocking sockets: the same identity and CAs as the Netty client context. */
    private static SSLContext blocking(ClientIdentity me, X509Certificate[] ca) {
        try {
            char[] pw = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("node", me.key(), pw, me.chain());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < ca.length; i++) trusted.setCertificateEntry("ca" + i, ca[i]);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsFailed("Failed to configure TLS: " + e.getMessage(), e);
        }
    }

    /** RedisRaft's link context: the client certificate (else the server one), the peer checked against the CA. */
    private SslContext client(TlsSettings s, ClientIdentity me, X509Certificate[] ca, List<String> ciphers) {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(provider.netty())
                .protocols(s.protocols())
                .keyManager(me.key(), me.chain())
                .trustManager(ca)
                // As RedisRaft: the chain is verified, the host name is not (nodes are often addressed by IP).
                .endpointIdentificationAlgorithm(null);
        if (!ciphers.isEmpty()) b.ciphers(ciphers);
        return built(b, ciphers);
    }

    private static SslContext built(SslContextBuilder b, List<String> ciphers) {
        SslContext ctx;
        try {
            ctx = b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsFailed("Failed to configure TLS: " + e.getMessage(), e);
        }
        try {
            // Unknown cipher names only surface when an engine is made: make one now, not per client.
            ReferenceCountUtil.release(ctx.newEngine(UnpooledByteBufAllocator.DEFAULT));
        } catch (IllegalArgumentException e) {
            throw new TlsFailed("Failed to configure ciphers: " + String.join(":", ciphers) + ": " + e.getMessage(), e);
        }
        return ctx;
    }

    /** tls-ciphers uses OpenSSL's names; the JDK wants its own (TLSv1.3 names are the same in both). */
    private List<String> javaNames(List<String> names) {
        if (provider == TlsProvider.OPENSSL) return names;
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String j = CipherSuiteConverter.toJava(n, "TLS");
            out.add(j == null ? n : j);
        }
        return out;
    }
}
