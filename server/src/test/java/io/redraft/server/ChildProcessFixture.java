package io.redraft.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for tests that run nodes as processes of their own ({@link ChildNode}): a temp dir, the
 * processes started (each added to {@link #processes}), all killed after each test, pass or fail.
 */
abstract class ChildProcessFixture {
    @TempDir
    Path dir;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) p.waitFor();
    }

    static int freePort() throws IOException {
        return io.redraft.server.TestPorts.free();
    }
}
