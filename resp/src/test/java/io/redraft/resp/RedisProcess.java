package io.redraft.resp;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one throwaway redis-server of every module's differential tests: a free port, no
 * persistence, DEBUG enabled, Redis 7's encoding thresholds; killed on close.
 */
public final class RedisProcess implements AutoCloseable {
    public static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Process process;

    private RedisProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public int port() {
        return port;
    }

    public static boolean available() {
        return new File(BINARY).canExecute();
    }

    /** Starts one; {@code extraArgs} are appended to the command line (and so override the defaults). */
    public static RedisProcess start(String... extraArgs) throws IOException, InterruptedException {
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
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
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
                p.waitFor(20, TimeUnit.MILLISECONDS); // until it accepts connections
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
