package io.redraft.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory {@link FileSystem} that models the page cache, for crash tests.
 *
 * <p>Each file keeps what the process sees and what is on the platter. {@code force()} copies the
 * one to the other; until then, writes and truncations are pending. Directory changes (creations,
 * renames, deletions) are likewise pending until {@code syncDirectory()}. At a simulated
 * {@link #powerLoss}, pending changes vanish, or (with a {@link Random}) a random prefix of them
 * survives, the last one possibly torn at any byte. A {@link #processCrash} loses nothing.
 *
 * <p>Mutating operations are counted; {@link #crashAfter(long)} makes the process "die" right
 * after that many: the next mutating call, and every later call through any handle, throws
 * {@link SimulatedCrash}.
 */
final class SimulatedFileSystem implements FileSystem {
    /** Thrown where the simulated process died. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    private sealed interface FileOp permits Write, Truncate {}

    private record Write(long position, byte[] bytes) implements FileOp {}

    private record Truncate(long size) implements FileOp {}

    private sealed interface DirOp permits Link, Rename, Unlink {}

    private record Link(String name, Inode inode) implements DirOp {}

    private record Rename(String from, String to) implements DirOp {}

    private record Unlink(String name) implements DirOp {}

    private static final class Inode {
        byte[] current = new byte[0];
        byte[] durable = new byte[0];
        final List<FileOp> pending = new ArrayList<>();

        void apply(FileOp op) {
            current = applyTo(current, op);
            pending.add(op);
        }
    }

    private Map<String, Inode> dir = new TreeMap<>();
    private Map<String, Inode> durableDir = new TreeMap<>();
    private final List<DirOp> pendingDir = new ArrayList<>();
    private int epoch;
    private long ops;
    private long crashAfter = Long.MAX_VALUE;
    private boolean crashed;
    private long forces;
    private Runnable beforeForce = () -> {};

    // ---- fault control ----

    /** Lets {@code n} more mutating operations happen, then "kills the process". */
    synchronized void crashAfter(long n) {
        crashAfter = ops + n;
    }

    synchronized long operations() {
        return ops;
    }

    synchronized long forces() {
        return forces;
    }

    synchronized boolean crashed() {
        return crashed;
    }

    /** Called (outside the lock) at the start of every {@code force()}, e.g. to hold the log thread in it. */
    void onForce(Runnable hook) {
        this.beforeForce = hook;
    }

    /** The process died; the kernel keeps everything. Old handles stop working. */
    synchronized void processCrash() {
        restart();
    }

    /** The machine lost power: only synced data survives. */
    synchronized void powerLoss() {
        powerLoss(null);
    }

    /**
     * The machine lost power. With {@code rnd}, a random prefix of each file's pending writes and of
     * the directory's pending changes made it to disk, the last write torn at a random byte.
     */
    synchronized void powerLoss(Random rnd) {
        powerLoss(rnd, false);
    }

    /**
     * The machine lost power after writing back pending data out of order: each 512-byte sector
     * of each pending write independently made it or not, while the file sizes did (so lost
     * sectors read as zeros, as on a file system that persisted the size first).
     */
    synchronized void powerLossReordered(Random rnd) {
        powerLoss(rnd, true);
    }

    private void powerLoss(Random rnd, boolean reordered) {
        Map<String, Inode> survivors = new HashMap<>(durableDir);
        int dirKept = rnd == null ? 0 : rnd.nextInt(pendingDir.size() + 1);
        for (DirOp op : pendingDir.subList(0, dirKept)) applyDir(survivors, op);
        for (Inode inode : new ArrayList<>(dir.values())) {
            if (reordered) settleReordered(inode, rnd); else settle(inode, rnd);
        }
        for (Inode inode : survivors.values()) settle(inode, rnd);
        durableDir = new TreeMap<>(survivors);
        pendingDir.clear();
        dir = new TreeMap<>(durableDir);
        for (Inode inode : dir.values()) inode.current = inode.durable.clone();
        restart();
    }

    private static void settle(Inode inode, Random rnd) {
        if (inode.pending.isEmpty()) return;
        int kept = rnd == null ? 0 : rnd.nextInt(inode.pending.size() + 1);
        byte[] d = inode.durable;
        for (int i = 0; i < kept; i++) d = applyTo(d, inode.pending.get(i));
        if (rnd != null && kept < inode.pending.size() && inode.pending.get(kept) instanceof Write w && rnd.nextBoolean()) {
            d = applyTo(d, new Write(w.position(), Arrays.copyOf(w.bytes(), rnd.nextInt(w.bytes().length + 1))));
        }
        inode.durable = d;
        inode.pending.clear();
    }

    private static void settleReordered(Inode inode, Random rnd) {
        byte[] d = inode.durable;
        for (FileOp op : inode.pending) {
            if (op instanceof Write w) {
                int from = (int) w.position();
                int to = from + w.bytes().length;
                if (to > d.length) d = Arrays.copyOf(d, to);
                for (int sector = from / 512 * 512; sector < to; sector += 512) {
                    int lo = Math.max(sector, from);
                    int hi = Math.min(sector + 512, to);
                    if (rnd.nextBoolean()) System.arraycopy(w.bytes(), lo - from, d, lo, hi - lo);
                }
            } else {
                d = applyTo(d, op);
            }
        }
        inode.durable = d;
        inode.pending.clear();
    }

    /** Flips one bit of {@code name}, on disk and in the cache alike. */
    synchronized void flipBit(String name, long byteOffset, int bit) {
        Inode inode = dir.get(name);
        inode.current[(int) byteOffset] ^= (byte) (1 << bit);
        if (byteOffset < inode.durable.length) inode.durable[(int) byteOffset] ^= (byte) (1 << bit);
    }

    synchronized byte[] contents(String name) {
        return dir.get(name).current.clone();
    }

    /** Replaces {@code name}'s contents durably (for building corrupted files in tests). */
    synchronized void replace(String name, byte[] bytes) {
        Inode inode = dir.computeIfAbsent(name, n -> new Inode());
        durableDir.put(name, inode);
        inode.current = bytes.clone();
        inode.durable = bytes.clone();
        inode.pending.clear();
    }

    private void restart() {
        epoch++;
        crashed = false;
        crashAfter = Long.MAX_VALUE;
    }

    // ---- FileSystem ----

    @Override
    public synchronized StorageFile open(String name) {
        check(-1);
        Inode inode = dir.get(name);
        if (inode == null) {
            mutate();
            inode = new Inode();
            dir.put(name, inode);
            pendingDir.add(new Link(name, inode));
        }
        return new Handle(inode, epoch);
    }

    @Override
    public synchronized boolean exists(String name) {
        check(-1);
        return dir.containsKey(name);
    }

    @Override
    public synchronized void rename(String from, String to) throws IOException {
        check(-1);
        if (!dir.containsKey(from)) throw new IOException("no such file " + from);
        mutate();
        applyDir(dir, new Rename(from, to));
        pendingDir.add(new Rename(from, to));
    }

    @Override
    public synchronized void delete(String name) {
        check(-1);
        if (!dir.containsKey(name)) return;
        mutate();
        dir.remove(name);
        pendingDir.add(new Unlink(name));
    }

    @Override
    public synchronized void syncDirectory() {
        check(-1);
        mutate();
        durableDir = new TreeMap<>(dir);
        pendingDir.clear();
    }

    @Override
    public synchronized List<String> list() {
        check(-1);
        return new ArrayList<>(dir.keySet());
    }

    @Override
    public String describe(String name) {
        return "sim:/" + name;
    }

    private void check(int handleEpoch) {
        if (crashed || (handleEpoch >= 0 && handleEpoch != epoch)) throw new SimulatedCrash();
    }

    /** Counts one mutating operation, or dies if the crash point has been reached. */
    private void mutate() {
        if (ops >= crashAfter) {
            crashed = true;
            throw new SimulatedCrash();
        }
        ops++;
    }

    private static void applyDir(Map<String, Inode> d, DirOp op) {
        switch (op) {
            case Link l -> d.put(l.name(), l.inode());
            case Rename r -> {
                Inode inode = d.remove(r.from());
                if (inode != null) d.put(r.to(), inode);
            }
            case Unlink u -> d.remove(u.name());
        }
    }

    private static byte[] applyTo(byte[] data, FileOp op) {
        return switch (op) {
            case Truncate t -> Arrays.copyOf(data, (int) t.size());
            case Write w -> {
                int end = (int) w.position() + w.bytes().length;
                byte[] out = end > data.length ? Arrays.copyOf(data, end) : data.clone();
                System.arraycopy(w.bytes(), 0, out, (int) w.position(), w.bytes().length);
                yield out;
            }
        };
    }

    private final class Handle implements StorageFile {
        private final Inode inode;
        private final int handleEpoch;
        private boolean closed;

        Handle(Inode inode, int handleEpoch) {
            this.inode = inode;
            this.handleEpoch = handleEpoch;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            synchronized (SimulatedFileSystem.this) {
                live();
                byte[] d = inode.current;
                if (position >= d.length) return -1;
                int n = (int) Math.min(dst.remaining(), d.length - position);
                dst.put(d, (int) position, n);
                return n;
            }
        }

        @Override
        public void write(ByteBuffer src, long position) throws IOException {
            synchronized (SimulatedFileSystem.this) {
                live();
                mutate();
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                inode.apply(new Write(position, bytes));
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (SimulatedFileSystem.this) {
                live();
                return inode.current.length;
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (SimulatedFileSystem.this) {
                live();
                if (size >= inode.current.length) return;
                mutate();
                inode.apply(new Truncate(size));
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (SimulatedFileSystem.this) {
                live();
            }
            beforeForce.run();
            synchronized (SimulatedFileSystem.this) {
                live();
                mutate();
                forces++;
                inode.durable = inode.current.clone();
                inode.pending.clear();
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        private void live() throws IOException {
            check(handleEpoch);
            if (closed) throw new IOException("closed");
        }
    }
}
