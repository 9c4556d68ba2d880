package io.redraft.dist;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the commands an operator would type, and waits for what they should lead to. */
final class Shell {
    private Shell() {}

    record Result(int status, String output) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    /** The command's output; fails the test if it exits with another status than 0. */
    static String ok(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.status() != 0) throw new AssertionError(String.join(" ", command) + " exited " + r.status() + ":\n" + r.output());
        return r.output();
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    static boolean root() throws IOException, InterruptedException {
        return run("id", "-u").output().trim().equals("0");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** redis-cli's answer to one command on a local port (redis-cli prints errors too, with status 0). */
    static String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd).output().trim();
    }

    /** Polls {@code probe} until {@code until} holds, for at most {@code seconds}. */
    static String await(int seconds, Probe probe, Predicate<String> until, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (until.test(last)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not happen in " + seconds + " s; last: " + last);
    }

    interface Probe {
        String get() throws Exception;
    }
}
