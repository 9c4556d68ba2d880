package io.redraft.server.command;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** A throwaway redis-server 7.0 on a free port, without persistence; killed on close. */
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

    static RedisProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
