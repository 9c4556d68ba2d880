package io.redraft.server.net.tls;

import io.redraft.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The {@code tls-*} directives at one moment, as the contexts are built from them. Relative
 * paths are resolved against {@code dir}, the working directory Redis has when it loads them.
 */
record TlsSettings(Path certFile, Path keyFile, String keyPass, Path clientCertFile, Path clientKeyFile,
                   String clientKeyPass, Path caCertFile, Path caCertDir, String authClients, List<String> protocols,
                   List<String> ciphers, boolean preferServerCiphers, boolean sessionCaching, long sessionCacheSize,
                   long sessionCacheTimeout) {

    /** The directives whose change rebuilds the contexts (CONFIG SET applies them to new connections). */
    static final List<String> DIRECTIVES = List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass",
            "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass", "tls-ca-cert-file",
            "tls-ca-cert-dir", "tls-auth-clients", "tls-protocols", "tls-ciphers", "tls-ciphersuites",
            "tls-prefer-server-ciphers", "tls-session-caching", "tls-session-cache-size", "tls-session-cache-timeout");

    private static final Set<String> PROTOCOLS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** Redis's protocols when tls-protocols is empty. */
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    static TlsSettings of(ServerConfig c) {
        Path dir = c.dir();
        List<String> ciphers = new ArrayList<>(split(c.string("tls-ciphers"), ":"));
        ciphers.addAll(split(c.string("tls-ciphersuites"), ":"));
        return new TlsSettings(path(dir, c.string("tls-cert-file")), path(dir, c.string("tls-key-file")),
                c.string("tls-key-file-pass"), path(dir, c.string("tls-client-cert-file")),
                path(dir, c.string("tls-client-key-file")), c.string("tls-client-key-file-pass"),
                path(dir, c.string("tls-ca-cert-file")), path(dir, c.string("tls-ca-cert-dir")),
                c.string("tls-auth-clients"), protocols(c.string("tls-protocols")), List.copyOf(ciphers),
                c.bool("tls-prefer-server-ciphers"), c.bool("tls-session-caching"),
                c.number("tls-session-cache-size"), c.number("tls-session-cache-timeout"));
    }

    boolean hasCa() {
        return caCertFile != null || caCertDir != null;
    }

    private static Path path(Path dir, String v) {
        return v.isEmpty() ? null : dir.resolve(v);
    }

    private static List<String> split(String v, String sep) {
        return v.isBlank() ? List.of() : Arrays.stream(v.trim().split(sep)).filter(s -> !s.isBlank()).map(String::trim).toList();
    }

    private static List<String> protocols(String v) {
        if (v.isBlank()) return DEFAULT_PROTOCOLS;
        List<String> out = new ArrayList<>();
        for (String p : v.trim().split("\\s+")) {
            // Redis compares case-insensitively and names the accepted spellings.
            String match = PROTOCOLS.stream().filter(p::equalsIgnoreCase).findFirst().orElseThrow(() -> new TlsFailed(
                    "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'."));
            out.add(match);
        }
        return List.copyOf(out);
    }
}
