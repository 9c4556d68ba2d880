package io.redraft.server;

import io.redraft.resp.RawClient;
import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.InProcessCluster.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader whose disk fills up (a real tmpfs, so root only) stops accepting commands with Redis's
 * MISCONF error instead of acknowledging what it cannot make durable, stays up to say so, and
 * leaves the cluster to the others; restarted once space is back, it recovers from its files
 * with everything that was acknowledged.
 */
class FullDiskTest {
    @TempDir
    Path dir;
    private InProcessCluster cluster;
    private Path mount;

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) cluster.close();
        if (mount != null) new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
    }

    @Test
    void aFullDiskTurnsWritesIntoMisconfAndLosesNothing() throws Exception {
        Path n1 = mountTmpfs("n1", "4m");
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        RedraftServer first = cluster.start("n1", p1);
        cluster.start("n2", p2);
        cluster.start("n3", p3);
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2); RawClient c3 = new RawClient(p3)) {
            c1.call("RAFT.CLUSTER", "INIT");
            await(() -> c1.call("SET", "k0", "v0"), r -> r.equals("+OK\r\n"));
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            for (int i = 1; i <= 20; i++) assertThat(c1.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");

            fill(n1.resolve("filler"));
            String value = "x".repeat(8192);
            String refused = await(() -> c1.call("SET", "big", value), r -> r.startsWith("-MISCONF"));
            assertThat(refused).isEqualTo("-MISCONF Errors writing to the Raft log: No space left on device\r\n");
            assertThat(c1.call("GET", "k1")).startsWith("-MISCONF");
            assertThat(c1.call("PING")).isEqualTo("+PONG\r\n");

            // The others carry on without it.
            await(() -> {
                String viaN2 = c2.call("SET", "after", "full");
                return viaN2.equals("+OK\r\n") ? viaN2 : c3.call("SET", "after", "full");
            }, r -> r.equals("+OK\r\n"));

            Files.delete(n1.resolve("filler"));
        }
        cluster.stop(first);
        cluster.start("n1", p1);
        try (RawClient c1 = new RawClient(p1)) {
            await(() -> c1.call("RAFT.DEBUG", "EXEC", "GET", "after"), r -> r.equals("$4\r\nfull\r\n"));
            for (int i = 0; i <= 20; i++) {
                assertThat(c1.call("RAFT.DEBUG", "EXEC", "GET", "k" + i)).isEqualTo("$" + ("v" + i).length() + "\r\nv" + i + "\r\n");
            }
        }
    }

    /**
     * A follower whose disk fills while it receives the leader's snapshot stops with MISCONF, as
     * for the log (the chunk's ENOSPC used to escape into the node loop, and the transfer failed
     * again at every try), and recovers from its files once space is back.
     */
    @Test
    void aFullDiskWhileReceivingASnapshotTurnsIntoMisconf() throws Exception {
        Path n3 = mountTmpfs("n3", "8m");
        int p1 = freePort(), p2 = freePort(), p3 = freePort();
        cluster.start("n1", p1);
        cluster.start("n2", p2);
        RedraftServer third = cluster.start("n3", p3);
        try (RawClient c1 = new RawClient(p1); RawClient c2 = new RawClient(p2)) {
            c1.call("RAFT.CLUSTER", "INIT");
            await(() -> c1.call("SET", "k0", "v0"), r -> r.equals("+OK\r\n"));
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            try (RawClient c3 = new RawClient(p3)) {
                assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + p1)).isEqualTo("+OK\r\n");
            }
            await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            cluster.stop(third);
            // 2 MB the stopped follower can only get as a snapshot: the leader compacts it away.
            writeIncompressible(c1, 200, 5);
            assertThat(c1.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            fillLeaving(n3.resolve("filler"), 512 * 1024);
            cluster.start("n3", p3);
            try (RawClient c3 = new RawClient(p3)) {
                String refused = await(() -> c3.call("GET", "k0"), r -> r.startsWith("-MISCONF"));
                assertThat(refused).isEqualTo("-MISCONF Errors writing to the Raft log: No space left on device\r\n");
                assertThat(c3.call("PING")).isEqualTo("+PONG\r\n");
            }
            assertThat(c1.call("SET", "after", "full")).isEqualTo("+OK\r\n"); // the others carry on
            Files.delete(n3.resolve("filler"));
            cluster.stop(cluster.server(2));
            cluster.start("n3", p3);
            try (RawClient c3 = new RawClient(p3)) {
                await(() -> c3.call("RAFT.DEBUG", "EXEC", "GET", "after"), r -> r.equals("$4\r\nfull\r\n"));
                assertThat(c3.call("RAFT.DEBUG", "EXEC", "DBSIZE")).isEqualTo(":202\r\n");
            }
        }
    }

    /**
     * A snapshot that cannot be written for lack of space fails with the reason, leaves no temp
     * file, keeps the log whole and the node serving, and the next one works once space is back.
     */
    @Test
    void aFullDiskDuringASnapshotFailsItAndNothingElse() throws Exception {
        Path n1 = mountTmpfs("n1", "8m");
        int p1 = freePort();
        cluster.start("n1", p1);
        try (RawClient c = new RawClient(p1)) {
            c.call("RAFT.CLUSTER", "INIT");
            await(() -> c.call("SET", "k0", "v0"), r -> r.equals("+OK\r\n"));
            writeIncompressible(c, 100, 9);
            fillLeaving(n1.resolve("filler"), 256 * 1024);
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).startsWith("-").contains("No space left on device");
            assertThat(InProcessClusterFixture.field(c.call("INFO", "raft"), "raft_snapshots_failed")).isEqualTo("1");
            assertThat(c.call("GET", "k0")).isEqualTo("$2\r\nv0\r\n");
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            try (var files = Files.list(n1)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.contains(".tmp"));
            }
            Files.delete(n1.resolve("filler"));
            assertThat(c.call("RAFT.DEBUG", "COMPACT")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "after", "space")).isEqualTo("+OK\r\n");
        }
    }

    /**
     * RAFT.CLUSTER INIT importing a Redis dump onto a full disk is refused with the reason and
     * loses nothing: once space is back, the next INIT imports the same dump.
     */
    @Test
    void anImportOnAFullDiskIsRefusedAndTheDumpKept() throws Exception {
        assumeTrue(new java.io.File("/usr/bin/redis-server").canExecute(), "redis-server not installed");
        Path n1 = mountTmpfs("n1", "4m");
        // A stock dump with 100 keys, written by redis-server itself.
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        int rp = freePort();
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(rp), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", redisDir.toString()).redirectErrorStream(true)
                .redirectOutput(redisDir.resolve("out.log").toFile()).start();
        try {
            RawClient r = connectWhenListening(rp);
            for (int i = 0; i < 100; i++) r.call("SET", "k" + i, "v" + i);
            assertThat(r.call("SAVE")).isEqualTo("+OK\r\n");
            r.close();
        } finally {
            redis.destroy();
            redis.waitFor();
        }
        Files.copy(redisDir.resolve("dump.rdb"), n1.resolve("dump.rdb"));
        int p1 = freePort();
        cluster.start("n1", p1);
        try (RawClient c = new RawClient(p1)) {
            fill(n1.resolve("filler"));
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("-ERR cannot import the dataset: ")
                    .contains("No space left on device");
            assertThat(InProcessClusterFixture.field(c.call("INFO", "raft"), "raft_state")).isEqualTo("uninitialized");
            Files.delete(n1.resolve("filler"));
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK ");
            await(() -> c.call("GET", "k99"), v -> v.equals("$3\r\nv99\r\n"));
            assertThat(c.call("DBSIZE")).isEqualTo(":100\r\n");
        }
    }

    private static RawClient connectWhenListening(int port) throws Exception {
        await(() -> {
            try (RawClient probe = new RawClient(port)) {
                return probe.call("PING");
            }
        }, r -> r.equals("+PONG\r\n"));
        return new RawClient(port);
    }

    /**
     * A small tmpfs as node {@code name}'s directory (root only: the test is skipped otherwise),
     * unmounted after the test; also creates the cluster on {@link #dir}.
     */
    private Path mountTmpfs(String name, String size) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path d = Files.createDirectories(dir.resolve(name));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", d.toString()).inheritIO().start();
        assumeTrue(m.waitFor() == 0, "mount -t tmpfs failed");
        mount = d;
        cluster = new InProcessCluster(dir);
        return d;
    }

    /** {@code keys} values of 10,000 random letters ("big0"...), which LZF cannot shrink in a snapshot. */
    private static void writeIncompressible(RawClient c, int keys, long seed) throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < keys; i++) {
            StringBuilder value = new StringBuilder();
            for (int j = 0; j < 10_000; j++) value.append((char) ('a' + random.nextInt(26)));
            assertThat(c.call("SET", "big" + i, value.toString())).isEqualTo("+OK\r\n");
        }
    }

    /** Fills the file system of {@code filler} until about {@code bytesLeft} remain free. */
    private static void fillLeaving(Path filler, long bytesLeft) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            for (long left = free - bytesLeft; left > 0; left -= block.length) out.write(block);
        }
    }

    /** Writes until the file system refuses. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) out.write(block);
        } catch (IOException full) {
            // exactly what was wanted
        }
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64; i++) out.write(block, 0, 1024);
        } catch (IOException full) {
            // full to the last block
        }
    }
}
