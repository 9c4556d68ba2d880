package io.redraft.server;

import io.redraft.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node, never INITed, shared by every test of a class: started on a free port in a fresh
 * temp dir before the first test, stopped and its dir deleted after the last. Register it as a
 * static field with {@code @RegisterExtension}.
 */
final class StandaloneNode implements BeforeAllCallback, AfterAllCallback {
    private final String[] settings;
    private Path dir;
    private RedraftServer server;

    /**
     * {@code settings} are name/value pairs applied with CONFIG SET semantics
     * ({@link ServerConfig#set}) before the node starts, e.g. {@code "requirepass", "s3cret"}.
     */
    StandaloneNode(String... settings) {
        if (settings.length % 2 != 0) throw new IllegalArgumentException("settings are name/value pairs");
        this.settings = settings.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("redraft-standalone");
        ServerConfig c = ServerConfig.parse(new String[] {"--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString()});
        for (int i = 0; i < settings.length; i += 2) c.set(settings[i], settings[i + 1]);
        server = RedraftServer.start(c);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
            dir = null;
        }
    }

    /** The client port the node listens on (127.0.0.1). */
    int port() {
        return server.port();
    }
}
