package io.redraft.script;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A throwaway redis-server on a free port without persistence, and raw RESP connections to it. */
final class RedisServer implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";
    final int port;
    private final Process process;

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static boolean available() {
        return new File(BINARY).canExecute();
    }

    static RedisServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** One that loads and saves {@code dir/dbfilename}. */
    static RedisServer start(java.nio.file.Path dir, String dbfilename) throws IOException, InterruptedException {
        return start(List.of("--dir", dir.toString(), "--dbfilename", dbfilename));
    }

    private static RedisServer start(List<String> extra) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(BINARY, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RedisServer(port, p);
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                    p.destroyForcibly();
                    throw new IOException("redis-server did not start on port " + port, e);
                }
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    Connection connect() throws IOException {
        return new Connection(new Socket("127.0.0.1", port));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream());
        }

        String call(List<byte[]> argv) throws IOException {
            StringBuilder sb = new StringBuilder("*").append(argv.size()).append("\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : argv) {
                out.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(a);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return Resp.read(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
