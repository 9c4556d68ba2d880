package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.redraft.resp.RawClient;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.StorageConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, SIGINT and SHUTDOWN stop a real node process (Main) while writes are in flight, and
 * leave files that restart without recovery work: no torn tail cut off, no index rebuilt, no
 * temporary file left, nothing acknowledged lost (the storage logs each repair it makes at start,
 * Recovery's warnings).
 */
class CleanStopTest {
    /** What storage says when it repairs files at start (storage's Recovery). */
    private static final List<String> REPAIRS = List.of("torn last record", "rebuilding it from the log",
            "interrupted by a crash", "has metadata but no log", "does not contain the snapshot's last entry");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private int launches;

    @AfterEach
    void killAll() throws InterruptedException {
        for (Process p : processes) p.destroyForcibly();
        for (Process p : processes) p.waitFor();
    }

    private static int freePort() throws IOException {
        return io.redraft.server.TestPorts.free();
    }

    private record Launched(Process process, Path output) {}

    private Launched launch(int port) throws Exception {
        Path out = dir.resolve("out-" + (++launches) + ".log");
        // fsync on (the default): a stop must wait for the fsync in flight.
        Files.createDirectories(dir.resolve("node"));
        Process p = ChildNode.start(processes, "-Xmx256m", port, out, "--dir", dir.resolve("node").toString(),
                "--raft.log-fsync", "yes");
        return new Launched(p, out);
    }

    private interface Stop {
        void stop(Launched node, int port) throws Exception;
    }

    /** Writes until stopped, signals meanwhile, restarts, and checks the start did no repair. */
    private void stopsCleanly(Stop stop, int expectedStatus) throws Exception {
        int port = freePort();
        Launched node = launch(port);
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK ");
            InProcessCluster.await(() -> c.call("SET", "a", "1"), r -> r.equals("+OK\r\n"));
        }
        AtomicLong acked = new AtomicLong();
        AtomicBoolean stopping = new AtomicBoolean();
        // Several connections with pipelined INCRs, so that entries are being appended and
        // fsynced when the stop comes.
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Thread t = new Thread(() -> {
                try (RawClient c = new RawClient(port, 5000)) {
                    while (!stopping.get()) {
                        String r = c.call("INCR", "n");
                        if (!r.startsWith(":")) break;
                        acked.accumulateAndGet(Long.parseLong(r.substring(1).trim()), Math::max);
                    }
                } catch (IOException | RuntimeException closedByTheStop) {
                    // expected: the node went away mid-request
                }
            });
            t.start();
            writers.add(t);
        }
        InProcessCluster.await(() -> Long.toString(acked.get()), r -> Long.parseLong(r) >= 200);
        long committedBefore;
        try (RawClient c = new RawClient(port)) {
            committedBefore = infoField(c.call("INFO", "raft"), "raft_commit_index");
        }
        stop.stop(node, port);
        assertThat(node.process().waitFor(60, TimeUnit.SECONDS)).as("the node exited").isTrue();
        stopping.set(true);
        for (Thread t : writers) t.join(10_000);
        assertThat(node.process().exitValue()).as("exit status; output:\n" + Files.readString(node.output())).isEqualTo(expectedStatus);
        try (Stream<Path> files = Files.list(dir.resolve("node"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("temporary files left").noneMatch(n -> n.contains("tmp"));
        }

        // The commit index is written to the metadata lazily, and last when the log closes: after
        // a clean stop the files know at least what was committed before the stop (a killed node
        // leaves the value of its last election there, and must learn the rest again).
        assertThat(storedCommitIndex()).as("commit index in the metadata").isGreaterThanOrEqualTo(committedBefore);

        Launched again = launch(port);
        try (RawClient c = new RawClient(port)) {
            String n = InProcessCluster.await(() -> c.call("GET", "n"), r -> r.startsWith("$"));
            long value = Long.parseLong(n.split("\r\n")[1]);
            assertThat(value).as("acknowledged increments survive").isGreaterThanOrEqualTo(acked.get());
        }
        String log = Files.readString(again.output());
        for (String repair : REPAIRS) assertThat(log).as("the restart's log:\n" + log).doesNotContain(repair);
        String first = Files.readString(node.output());
        assertThat(first).as("the stopped node's log").doesNotContainIgnoringCase("exception");
    }

    private static long infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) return Long.parseLong(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError(name + " not in " + info);
    }

    /** Opens a copy of the stopped node's files (opening runs recovery, which must not touch the originals). */
    private long storedCommitIndex() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("copy-" + launches));
        try (Stream<Path> files = Files.list(dir.resolve("node"))) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        StorageConfig sc = StorageConfig.defaults(copy).withFsync(false);
        try (NodeStorage storage = NodeStorage.open(sc)) {
            return storage.log().hardState().commit();
        }
    }

    @Test
    void sigterm() throws Exception {
        stopsCleanly((node, port) -> node.process().destroy(), 143);
    }

    /**
     * Whether this JVM was started with SIGINT ignored (a background job of a non-interactive
     * shell, nohup): its children inherit that, and a JVM keeps an inherited SIG_IGN for SIGINT,
     * so the node could not be stopped with it (redis-server neither).
     */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
        }
        return false;
    }

    @Test
    void sigint() throws Exception {
        assumeTrue(!sigintIgnored(), "SIGINT is ignored in this process (started in the background): its children cannot get it");
        stopsCleanly((node, port) -> {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(node.process().pid())).start();
            assertThat(kill.waitFor()).isZero();
        }, 130);
    }

    /** Only once the SHUTDOWN command exists (it is written elsewhere): skipped before. */
    @Test
    void shutdownCommand() throws Exception {
        int probePort = freePort();
        Launched probe = launch(probePort);
        boolean exists;
        try (RawClient c = new RawClient(probePort)) {
            exists = c.call("COMMAND", "INFO", "SHUTDOWN").toLowerCase().contains("shutdown");
        }
        probe.process().destroy();
        probe.process().waitFor();
        assumeTrue(exists, "this build has no SHUTDOWN command yet");
        stopsCleanly((node, port) -> {
            try (RawClient c = new RawClient(port, 30_000)) {
                c.call("SHUTDOWN");
            } catch (IOException | RuntimeException closed) {
                // SHUTDOWN does not answer when it succeeds: the connection closes
            }
        }, 0);
    }
}
