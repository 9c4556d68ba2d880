package io.redraft.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * One real Redraft server process: {@code java -jar redraft-server.jar} with redis-server's command
 * line, on its own loopback port and data directory. The process survives {@link #kill9()} and
 * {@link #stop()} as an object: {@link #restart()} starts it again on the same port with the same files.
 */
public final class NodeProcess implements AutoCloseable {
    /** Small, quick-starting JVMs: a test cluster is a handful of them on a shared 2-core machine. */
    static final List<String> JVM_FLAGS =
            List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final String name;
    private final int number;
    private final String host;
    private final int port;
    private final Path dir;
    private final List<String> launchPrefix;
    private final List<String> extraArgs;
    private Process process;
    private int starts;

    /**
     * @param number the node's number in its cluster, used in its file names (raft1.rdb, raftlog1.db)
     *     as in RedisRaft's walkthrough
     * @param extraArgs more {@code --name value} pairs, after the defaults so that they win
     */
    public NodeProcess(int number, Path dir, int port, List<String> extraArgs) {
        this(number, dir, "127.0.0.1", port, List.of(), extraArgs);
    }

    /**
     * A node bound to {@code host} (its {@code raft.addr} too), started through {@code launchPrefix}
     * (e.g. {@code ip netns exec <ns>}, which execs the JVM: the pid stays the server's).
     */
    public NodeProcess(int number, Path dir, String host, int port, List<String> launchPrefix, List<String> extraArgs) {
        this.number = number;
        this.name = "node" + number;
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.launchPrefix = List.copyOf(launchPrefix);
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A node on a port that was free a moment ago. */
    public static NodeProcess onFreePort(int number, Path dir, List<String> extraArgs) {
        return new NodeProcess(number, dir, freePort(), extraArgs);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() { return name; }
    public int number() { return number; }
    public int port() { return port; }
    /** The address clients and other nodes connect to: loopback, or the node's namespace address. */
    public String host() { return host; }
    public String address() { return host + ":" + port; }
    public Path dir() { return dir; }
    /**
     * Redis {@code dir}: the Raft log, metadata and RDB, in a directory of their own so that a
     * fault harness can put a small file system there (a full disk) without losing the node's logs.
     */
    public Path dataDir() { return dir.resolve("data"); }
    /** The server's own log ({@code --logfile}). */
    public Path logFile() { return dir.resolve("node.log"); }
    /** Everything the JVM wrote to stdout and stderr (startup failures that precede logging). */
    public Path outputFile() { return dir.resolve("output.log"); }
    public Path raftLogFile() { return dataDir().resolve("raftlog" + number + ".db"); }
    public Path snapshotFile() { return dataDir().resolve("raft" + number + ".rdb"); }

    /** The server's command line after the jar: redis-server's syntax. */
    public List<String> serverArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--port", Integer.toString(port), "--bind", host, "--dir", dataDir().toString(),
                "--dbfilename", snapshotFile().getFileName().toString(), "--logfile", logFile().toString(),
                "--raft.log-filename", raftLogFile().getFileName().toString(), "--raft.addr", address()));
        // In network namespaces the nodes and the harness's clients have distinct private addresses:
        // protected mode (on by default, no password here) would refuse them all.
        if (!host.startsWith("127.")) args.addAll(List.of("--protected-mode", "no"));
        args.addAll(ClusterSecurity.serverArgs(port)); // --tls / --acl runs: the port speaks TLS only
        args.addAll(extraArgs);
        return args;
    }

    /** Starts the process (again, if it has exited) without waiting for it to listen. */
    public synchronized NodeProcess start() {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is already running");
        try {
            Files.createDirectories(dataDir());
            List<String> cmd = new ArrayList<>(launchPrefix);
            cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(JVM_FLAGS);
            // An OutOfMemoryError leaves java_pid<pid>.hprof in the node's directory (see heapDumps).
            cmd.add("-XX:+HeapDumpOnOutOfMemoryError");
            cmd.add("-XX:HeapDumpPath=" + dir);
            // Heap after each collection, one file per process: how a heap filled up, over time.
            cmd.add("-Xlog:gc:file=" + dir.resolve("gc-%p.log") + ":uptime");
            if (Runtime.version().feature() >= 24) {
                // Netty's JNI transport and Unsafe use: keep JDK 24+'s warnings out of the output.
                cmd.add("--enable-native-access=ALL-UNNAMED");
                cmd.add("--sun-misc-unsafe-memory-access=allow");
            }
            cmd.add("-jar");
            cmd.add(ServerJar.locate().toString());
            cmd.addAll(serverArgs());
            Files.writeString(outputFile(), "### start " + (++starts) + ": " + String.join(" ", cmd) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits until the node answers PING, failing early if the process exits. */
    public NodeProcess awaitReady(Duration timeout) {
        Poll.until(name + " on " + address() + " to answer PING", () -> {
            if (!isAlive()) throw new IllegalStateException(name + " exited with " + exitCode() + "; output: " + tail(20));
            return ping();
        }, ok -> ok, timeout);
        return this;
    }

    /**
     * How long a starting JVM may take to answer PING: 30 s, or {@code -Dredraft.start.seconds}. On
     * a 2-core machine running a dozen JVMs (a sharded fault run beside other builds) a JVM start
     * alone has taken 30 s, and a restart that is slow is not the fault under test.
     */
    public static final Duration START_PATIENCE = Duration.ofSeconds(Long.getLong("redraft.start.seconds", 30));

    /** Starts and waits for PING: what most tests want. */
    public NodeProcess startAndAwait() {
        return start().awaitReady(START_PATIENCE);
    }

    private boolean ping() {
        try (Socket s = ClusterSecurity.socket(host, port, 500)) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[7];
            int n = s.getInputStream().readNBytes(buf, 0, 7);
            // With ACL on, a connection not logged in is answered -NOAUTH: the node is serving.
            String got = new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
            return n == 7 && (got.equals("+PONG\r\n") || got.equals("-NOAUTH"));
        } catch (IOException e) {
            return false;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) throw new IllegalStateException(name + " was never started");
        return process.pid();
    }

    /** The exit code of the last run, empty while it runs or if it never ran. */
    public synchronized OptionalInt exitCode() {
        if (process == null || process.isAlive()) return OptionalInt.empty();
        return OptionalInt.of(process.exitValue());
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) throw new IllegalStateException(name + " was never started");
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + timeout.toMillis() + " ms; output: " + tail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return p.exitValue();
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    public void kill9() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) return;
        p.destroyForcibly();
        waitGone(p);
    }

    /** SIGTERM, then waits for a clean exit (SIGKILL after 20 s, reported as a failure). */
    public int stop() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) throw new IllegalStateException(name + " was never started");
        if (!p.isAlive()) return p.exitValue();
        resume(); // a paused process would only handle SIGTERM once continued
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                waitGone(p);
                throw new AssertionError(name + " ignored SIGTERM for 20 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return p.exitValue();
    }

    /** SIGSTOP: the process is frozen, its sockets stay open (a hung node, not a dead one). */
    public void pause() {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String sig) {
        if (!isAlive()) return;
        try {
            Process k = new ProcessBuilder("kill", sig, Long.toString(pid())).redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS) || k.exitValue() != 0) {
                throw new IllegalStateException("kill " + sig + " " + pid() + " failed: "
                        + new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts the node again with the same port, arguments and files (kill9 first if still running). */
    public NodeProcess restart() {
        kill9();
        return startAndAwait();
    }

    /**
     * Deletes everything in the node's directory except its output and log (a lost disk). The data
     * directory itself stays: it may be a mount point.
     */
    public void wipe() {
        if (isAlive()) throw new IllegalStateException("wipe " + name + " while it runs");
        try (Stream<Path> files = Files.list(dir); Stream<Path> data = Files.exists(dataDir()) ? Files.list(dataDir()) : Stream.empty()) {
            for (Path f : files.toList()) {
                if (f.equals(outputFile()) || f.equals(logFile()) || f.equals(dataDir())) continue;
                deleteRecursively(f);
            }
            for (Path f : data.toList()) deleteRecursively(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** True if the server's log or its process output contains {@code text}. */
    public boolean logContains(String text) {
        return logs().contains(text);
    }

    /** The heap dumps that nodes which ran out of memory left in {@code nodeDir}. */
    public static List<Path> heapDumps(Path nodeDir) {
        try (Stream<Path> files = Files.list(nodeDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".hprof")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every process's GC log (heap after each collection), oldest process first. */
    public String gcLogs() {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("gc-\\d+\\.log")).sorted(
                    Comparator.comparingLong(p -> p.toFile().lastModified())).toList()) {
                sb.append("### ").append(f.getFileName()).append('\n').append(read(f));
            }
        } catch (IOException e) {
            sb.append("(unreadable: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    /** The server's log followed by its process output. */
    public String logs() {
        return read(logFile()) + read(outputFile());
    }

    /** The last lines of {@link #logs()}, for failure messages. */
    public String tail(int lines) {
        String[] all = logs().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(unreadable " + p + ": " + e + ")";
        }
    }

    /** A new Jedis connection to this node (the caller closes it); 5 s socket timeout. */
    public Jedis jedis() {
        return ClusterSecurity.jedis(host, port, 5000);
    }

    private void waitGone(Process p) {
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError(name + " survived SIGKILL for 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Kills the process if it runs. */
    @Override
    public void close() {
        kill9();
    }

    @Override
    public String toString() {
        return name + "@" + (host.equals("127.0.0.1") ? "" : host + ":") + port + (isAlive() ? "" : " (not running" + exitCode() + ")");
    }
}
