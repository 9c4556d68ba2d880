package io.redraft.store.diff;

import java.io.IOException;

/** The diff tests' name for resp's shared {@link io.redraft.resp.RedisProcess} (same defaults). */
final class RedisProcess implements AutoCloseable {
    static final String BINARY = io.redraft.resp.RedisProcess.BINARY;

    final int port;
    private final io.redraft.resp.RedisProcess process;

    private RedisProcess(io.redraft.resp.RedisProcess process) {
        this.process = process;
        this.port = process.port();
    }

    static boolean available() {
        return io.redraft.resp.RedisProcess.available();
    }

    static RedisProcess start(String... extraArgs) throws IOException, InterruptedException {
        return new RedisProcess(io.redraft.resp.RedisProcess.start(extraArgs));
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
