package io.redraft.server.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, as Redis's {@code used_memory_rss}: what an operator pays for. */
final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Resident bytes (Linux's {@code VmRSS}), 0 where the system does not say. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).replace("kB", "").trim()) << 10;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return 0;
    }
}
