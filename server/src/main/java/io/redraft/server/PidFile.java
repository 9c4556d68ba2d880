package io.redraft.server;

import io.redraft.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * {@code pidfile}: the process id, written once the node serves and removed when it stops, as
 * Redis does. A file that cannot be written is logged and the node runs on (Redis only warns too).
 */
final class PidFile {
    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    static PidFile write(ServerConfig config, Logger log) {
        String name = config.pidfile();
        if (name == null || name.isEmpty()) return new PidFile(null);
        Path p = Path.of(config.string("dir")).resolve(name);
        try {
            Files.writeString(p, ProcessHandle.current().pid() + "\n");
            return new PidFile(p);
        } catch (IOException e) {
            log.warn("Failed to write PID file: {}", e.getMessage());
            return new PidFile(null);
        }
    }

    void remove() {
        if (path == null) return;
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Stopping anyway: a stale pid file is what a crash leaves too.
        }
    }
}
