package io.redraft.store.diff;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A throwaway redis-server on a free port, without persistence; killed on close. */
final class RedisProcess implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";

    final int port;
    private final Process process;

    private RedisProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return new File(BINARY).canExecute();
    }

    static RedisProcess start(String... extraArgs) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
                "--enable-debug-command", "yes",
                // Redis 7 defaults (some distribution builds ship other values)
                "--hash-max-listpack-entries", "128", "--hash-max-listpack-value", "64",
                "--zset-max-listpack-entries", "128", "--zset-max-listpack-value", "64",
                "--set-max-intset-entries", "512", "--list-max-listpack-size", "-2"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RedisProcess(port, p);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new IOException("redis-server did not start on port " + port, e);
                }
                // Poll until the server accepts connections.
                p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
