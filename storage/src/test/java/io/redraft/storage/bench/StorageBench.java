package io.redraft.storage.bench;

import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.StorageConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Appends per second and fsyncs per second through the log thread, for batch sizes 1, 16 and 256
 * with fsync on and off, next to a plain write + force loop on the same disk (the ceiling for
 * fsync on). Run by bench/storage.sh. Arguments: [directory] [seconds per run] [payload bytes].
 */
public final class StorageBench {
    private StorageBench() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int payload = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        System.out.printf("payload %d bytes, %.1f s per run, directory %s%n", payload, seconds, base);
        System.out.printf("%-28s %6s %14s %12s %16s%n", "run", "batch", "appends/s", "fsyncs/s", "entries/fsync");
        for (int batch : new int[] {1, 16, 256}) {
            for (boolean fsync : new boolean[] {true, false}) {
                runLog(base, batch, fsync, seconds, payload);
            }
            runCeiling(base, batch, seconds, payload);
        }
        System.out.printf("%nfsync latency of a %d-byte append, one file per writer (three nodes on one machine share its disk)%n",
                payload + 29);
        System.out.printf("%-10s %10s %10s %10s %10s %10s%n", "writers", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        for (int writers : new int[] {1, 2, 3}) fsyncLatency(base, writers, seconds, payload + 29);
    }

    /**
     * Each writer appends and forces its own file in a loop, as each node's log thread does at
     * batch 1; prints the distribution of one force over all writers. A Raft commit waits for
     * the second-fastest of three such forces, so this tail bounds the -P 1 write latency.
     */
    private static void fsyncLatency(Path base, int writers, double seconds, int bytes) throws Exception {
        Path dir = Files.createTempDirectory(base, "redraft-bench");
        try {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long[][] samples = new long[writers][];
            Thread[] threads = new Thread[writers];
            for (int w = 0; w < writers; w++) {
                int k = w;
                threads[w] = new Thread(() -> samples[k] = forceLoop(dir.resolve("writer" + k), deadline, bytes));
                threads[w].start();
            }
            for (Thread t : threads) t.join();
            long[] all = java.util.Arrays.stream(samples).flatMapToLong(java.util.Arrays::stream).sorted().toArray();
            System.out.printf("%-10d %10.2f %10.2f %10.2f %10.2f %10.2f%n", writers, pct(all, 0.5), pct(all, 0.9),
                    pct(all, 0.99), pct(all, 0.999), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        } finally {
            deleteTree(dir);
        }
    }

    /** Writes {@code bytes} at the end of {@code file} and forces it, until the deadline; one duration per force. */
    private static long[] forceLoop(Path file, long deadline, int bytes) {
        long[] samples = new long[1024];
        int n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(bytes);
            long pos = 0;
            while (System.nanoTime() < deadline) {
                buf.clear();
                while (buf.hasRemaining()) pos += ch.write(buf, pos);
                long t0 = System.nanoTime();
                ch.force(false);
                if (n == samples.length) samples = java.util.Arrays.copyOf(samples, n * 2);
                samples[n++] = System.nanoTime() - t0;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return java.util.Arrays.copyOf(samples, n);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, (long) (sorted.length * q))] / 1e6;
    }

    private static void runLog(Path base, int batch, boolean fsync, double seconds, int payload) throws Exception {
        Path dir = Files.createTempDirectory(base, "redraft-bench");
        try {
            StorageConfig config = StorageConfig.defaults(dir).withFsync(fsync).withMaxCacheSize(16_000_000);
            AtomicLong persisted = new AtomicLong();
            long start;
            long elapsed;
            long fsyncs;
            try (NodeStorage storage = NodeStorage.open(config)) {
                storage.initialize("0123456789abcdef0123456789abcdef", 1);
                byte[] data = new byte[payload];
                long next = 1;
                start = System.nanoTime();
                long deadline = start + (long) (seconds * 1e9);
                while (System.nanoTime() < deadline) {
                    List<Entry> entries = new ArrayList<>(batch);
                    for (int k = 0; k < batch; k++) entries.add(new Entry(next++, 1, EntryType.NORMAL, data));
                    storage.writer().submit(entries, null, p -> persisted.set(p.lastIndex()));
                }
                long target = next - 1;
                while (persisted.get() < target) Thread.onSpinWait();
                elapsed = System.nanoTime() - start;
                fsyncs = storage.stats().fsyncCount();
            }
            double secs = elapsed / 1e9;
            long n = persisted.get();
            System.out.printf("%-28s %6d %14.0f %12.0f %16s%n", "log fsync " + (fsync ? "yes" : "no"), batch, n / secs,
                    fsyncs / secs, fsyncs == 0 ? "-" : String.format("%.1f", (double) n / fsyncs));
        } finally {
            deleteTree(dir);
        }
    }

    /** One write and one force per batch: what the disk gives without group commit. */
    private static void runCeiling(Path base, int batch, double seconds, int payload) throws IOException {
        Path dir = Files.createTempDirectory(base, "redraft-bench");
        try {
            long start = System.nanoTime();
            long writes = forceLoop(dir.resolve("ceiling"), start + (long) (seconds * 1e9), batch * (payload + 29)).length;
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-28s %6d %14.0f %12.0f %16d%n", "write+force ceiling", batch, writes * batch / secs,
                    writes / secs, batch);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
