package io.redraft.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code redis-cli}, for tests whose point is that the stock client works against Redraft.
 * Its output is the non-tty one (replies raw, as in RedisRaft's walkthrough) unless {@link #noRaw}.
 */
public final class RedisCli {
    static final Path BINARY = Path.of("/usr/bin/redis-cli");

    /** What one run printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stdout without the trailing newlines redis-cli adds. */
        public String out() {
            return stdout.stripTrailing();
        }
    }

    private RedisCli() {}

    /** {@code redis-cli -p PORT args...}; replies printed raw. */
    public static Result run(int port, String... args) {
        return exec(port, List.of(), args);
    }

    /** {@code redis-cli -c -p PORT args...}: follows MOVED and ASK. */
    public static Result cluster(int port, String... args) {
        return exec(port, List.of("-c"), args);
    }

    /** {@code redis-cli --no-raw -p PORT args...}: replies formatted as on a terminal ("(error) ..."). */
    public static Result noRaw(int port, String... args) {
        return exec(port, List.of("--no-raw"), args);
    }

    /** stdout of {@link #run}, trimmed. */
    public static String call(int port, String... args) {
        return run(port, args).out();
    }

    static Result exec(int port, List<String> options, String... args) {
        return exec(port, options, true, args);
    }

    /** Without the harness's TLS and user options: what an unequipped client gets. */
    static Result bare(int port, List<String> options, String... args) {
        return exec(port, options, false, args);
    }

    private static Result exec(int port, List<String> options, boolean secured, String... args) {
        if (!Files.isExecutable(BINARY)) throw new IllegalStateException(BINARY + " is not installed");
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY.toString());
        cmd.addAll(options);
        cmd.add("-h");
        cmd.add("127.0.0.1");
        cmd.add("-p");
        cmd.add(Integer.toString(port));
        if (secured) cmd.addAll(ClusterSecurity.redisCliArgs()); // --tls / --acl runs: the client certificate, the admin user
        cmd.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            // Files, not pipes: the wait below must be able to give up on a redis-cli blocked on a reply.
            out = Files.createTempFile("redis-cli", ".out");
            err = Files.createTempFile("redis-cli", ".err");
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("redis-cli got no reply in 20 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
