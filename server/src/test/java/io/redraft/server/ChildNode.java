package io.redraft.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A node run as a process of its own from the test's class path (signals, file limits, heap of its own). */
final class ChildNode {
    private ChildNode() {
    }

    /**
     * Starts {@code io.redraft.server.Main} with {@code heap} on 127.0.0.1:{@code port} and
     * {@code args}, output to {@code out}; returns once the port accepts. The process is added to
     * {@code started} at once, so the caller stops it even when it never comes up.
     */
    static Process start(List<Process> started, String heap, int port, Path out, String... args) throws Exception {
        return start(started, List.of(heap), port, out, args);
    }

    /** The same with several JVM flags (a collector and its settings besides the heap). */
    static Process start(List<Process> started, List<String> jvmFlags, int port, Path out, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.redraft.server.Main", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--raft.addr", "127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        started.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the node did not start: " + Files.readString(out));
                }
                Thread.sleep(50);
            }
        }
    }
}
