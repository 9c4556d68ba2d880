package io.redraft.store.rdb;

import io.redraft.resp.RawClient;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A stock redis-server on a free port, persisting to {@code dir/dbfilename}; killed on close. */
final class RedisServer implements AutoCloseable {
    static final String SERVER = "/usr/bin/redis-server";
    static final String CHECK = "/usr/bin/redis-check-rdb";

    final int port;
    final Path log;
    private final Process process;

    private RedisServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static boolean available() {
        return new File(SERVER).canExecute();
    }

    static RedisServer start(Path dir, String dbfilename) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("redis-" + port + ".log");
        Process p = new ProcessBuilder(List.of(SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", dbfilename, "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "notice"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try (RawClient r = new RawClient(port, 30_000)) {
                Object pong = Resp.call(r, "PING");
                if ("PONG".equals(pong)) {
                    return new RedisServer(port, p, log);
                }
                // -LOADING: the file is still being loaded
            } catch (IOException e) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                p.destroyForcibly();
                throw new IOException("redis-server did not come up:\n" + Files.readString(log));
            }
            p.waitFor(20, TimeUnit.MILLISECONDS); // poll until it answers PONG
        }
    }

    RawClient connect() throws IOException {
        return new RawClient(port, 30_000);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
