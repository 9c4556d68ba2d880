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

    /**
     * The system property that picks the engine: {@code auto} (the default: OpenSSL where it
     * loads, else the JDK's), {@code jdk} or {@code openssl}.
     */
    public static final String PROPERTY = "redraft.tls.provider";

    static TlsProvider chosen() {
        String v = System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
        return switch (v) {
            // By the numbers (docs/security.md): less CPU per request, and no lost leader when
            // many clients handshake at once, which the JDK engine caused in every bench run.
            case "auto" -> OpenSsl.isAvailable() ? OPENSSL : JDK;
            case "jdk" -> JDK;
            case "openssl" -> OPENSSL;
            default -> throw new TlsFailed("Unknown " + PROPERTY + " '" + v + "': use auto, jdk or openssl");
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
