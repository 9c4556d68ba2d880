package io.redraft.server.net.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Which TLS engine encrypts: the JDK's SSLEngine, or OpenSSL (BoringSSL through
 * netty-tcnative). The one place the choice is made; docs/security.md has the measurement
 * behind the default.
 */
public enum TlsProvider {
    JDK,
    OPENSSL;

    /** The system property that picks the engine: {@code jdk} (default) or {@code openssl}. */
    public static final String PROPERTY = "redraft.tls.provider";

    static TlsProvider chosen() {
        String v = System.getProperty(PROPERTY, "jdk").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "jdk" -> JDK;
            case "openssl" -> OPENSSL;
            default -> throw new TlsFailed("Unknown " + PROPERTY + " '" + v + "': use jdk or openssl");
        };
    }

    SslProvider netty() {
        if (this == JDK) return SslProvider.JDK;
        if (!OpenSsl.isAvailable()) {
            throw new TlsFailed(PROPERTY + "=openssl but OpenSSL cannot be loaded: " + OpenSsl.unavailabilityCause());
        }
        return SslProvider.OPENSSL;
    }
}
