package io.redraft.testkit.faults;

import io.redraft.testkit.cluster.Cmd;
import io.redraft.testkit.cluster.LocalCluster;
import io.redraft.testkit.cluster.NodeProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * Disk faults. {@code disk-slow}: one node's log fsyncs wait 50-400 ms each (the test-only
 * {@code RAFT.DEBUG FSYNC-DELAY}, which needs {@code raft.test-hooks yes}). {@code disk-full}: a real
 * full file system. {@link #prepare} moves every node's data directory onto a small tmpfs of its
 * own (this needs root, else only disk-slow runs); the fault fills one node's tmpfs with a filler
 * file until ENOSPC, holds, and deletes the filler. The node must not acknowledge what it could not
 * write: it answers every command with {@code -MISCONF Errors writing to the Raft log: No space
 * left on device} and drops out of the cluster, staying up; once space is back the operator's
 * remedy, a restart, must find its files intact.
 */
final class DiskNemesis implements Nemesis {
    /** Room for a minute or two of a test workload's log and snapshots. */
    static final String TMPFS_SIZE = "48m";

    private final LocalCluster cluster;
    private final Random rnd;
    private final List<NodeProcess> mounted = new ArrayList<>();
    private NodeProcess slow;
    private NodeProcess full;
    /** Unmounts if the harness dies before {@link #close}: a tmpfs left on /tmp outlives the run. */
    private final Thread unmountAtExit = new Thread(this::unmountAll, "disk-nemesis-unmount");
    private boolean hooked;

    DiskNemesis(LocalCluster cluster, long seed) {
        this.cluster = cluster;
        this.rnd = new Random(seed ^ 0xD15C);
    }

    static boolean canMount() {
        return "root".equals(System.getProperty("user.name")) && (Files.isExecutable(Path.of("/bin/mount")) || Files.isExecutable(Path.of("/usr/bin/mount")));
    }

    @Override
    public List<String> faults() {
        return canMount() ? List.of("disk-slow", "disk-full") : List.of("disk-slow");
    }

    @Override
    public void prepare() {
        if (!canMount()) return;
        Runtime.getRuntime().addShutdownHook(unmountAtExit);
        hooked = true;
        for (NodeProcess n : cluster.nodes()) {
            n.stop();
            mountTmpfs(n);
            n.startAndAwait();
            cluster.awaitStable(cluster.size());
        }
    }

    /** Moves the node's files onto a fresh tmpfs mounted over its data directory. */
    private void mountTmpfs(NodeProcess n) {
        try {
            Path data = n.dataDir();
            Path aside = Files.createDirectories(n.dir().resolve("data-before-tmpfs"));
            try (Stream<Path> files = Files.list(data)) {
                for (Path f : files.toList()) Files.move(f, aside.resolve(f.getFileName()));
            }
            run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", data.toString());
            mounted.add(n);
            try (Stream<Path> files = Files.list(aside)) {
                for (Path f : files.toList()) Files.copy(f, data.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            run("rm", "-rf", aside.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String start(String fault) {
        List<NodeProcess> nodes = new ArrayList<>(cluster.nodes().stream().filter(NodeProcess::isAlive).toList());
        if (nodes.isEmpty()) return null;
        Collections.shuffle(nodes, rnd);
        NodeProcess n = rnd.nextInt(3) == 0 ? cluster.currentLeader().map(cluster::node).orElse(nodes.get(0)) : nodes.get(0);
        if (fault.equals("disk-slow")) {
            long delay = 50 + rnd.nextInt(351);
            if (!fsyncDelay(n, delay)) return null;
            slow = n;
            return n.name() + " " + delay + " ms per fsync";
        }
        if (!mounted.contains(n)) return null;
        long filled = fill(n);
        full = n;
        return n.name() + " (" + filled / 1024 + " kB filler)";
    }

    /** Writes a filler file until the file system refuses; returns its size. */
    private static long fill(NodeProcess n) {
        Path filler = n.dataDir().resolve("filler");
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException enospc) {
            // full: exactly what was wanted
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64; i++) {
                out.write(block, 0, 1024); // the last partial block too
                written += 1024;
            }
        } catch (IOException enospc) {
            // full
        }
        return written;
    }

    @Override
    public void stop(String fault) {
        if (fault.equals("disk-slow")) {
            if (slow != null) fsyncDelay(slow, 0);
            slow = null;
            return;
        }
        NodeProcess n = full;
        full = null;
        if (n == null) return;
        try {
            Files.deleteIfExists(n.dataDir().resolve("filler"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The remedy the node's MISCONF error names: free space, restart; it recovers from its
        // files (a node that wrote nothing while the disk was full just restarts).
        if (n.isAlive()) n.stop();
        n.startAndAwait();
    }

    @Override
    public boolean heal() {
        if (slow != null) stop("disk-slow");
        if (full != null) stop("disk-full");
        for (NodeProcess n : mounted) {
            try {
                Files.deleteIfExists(n.dataDir().resolve("filler"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return true;
    }

    /** Kills the nodes on a tmpfs and unmounts it, so that the cluster's directory can be deleted. */
    @Override
    public void close() {
        unmountAll();
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(unmountAtExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will: nothing left for it to do
            }
            hooked = false;
        }
    }

    private synchronized void unmountAll() {
        for (NodeProcess n : mounted) {
            n.kill9();
            run("umount", "-l", n.dataDir().toString());
        }
        mounted.clear();
    }

    private static boolean fsyncDelay(NodeProcess n, long millis) {
        if (!n.isAlive()) return false;
        try (Jedis j = io.redraft.testkit.cluster.ClusterSecurity.jedis(n.host(), n.port(), 2000)) {
            String reply = Cmd.string(j, "RAFT.DEBUG", "FSYNC-DELAY", Long.toString(millis));
            if (!"OK".equals(reply)) throw new IllegalStateException(n.name() + ": RAFT.DEBUG FSYNC-DELAY replied " + reply);
            return true;
        } catch (redis.clients.jedis.exceptions.JedisConnectionException e) {
            return false;
        }
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<Pattern> expectedWarnings() {
        return List.of(Pattern.compile("disk full|No space left on device"));
    }
}
