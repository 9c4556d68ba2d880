package io.redraft.server.importer;

import io.redraft.raft.ClusterConfig;
import io.redraft.raft.Entry;
import io.redraft.raft.HardState;
import io.redraft.raft.SnapshotMeta;
import io.redraft.server.log.LogSetup;
import io.redraft.storage.NodeStorage;
import io.redraft.storage.SnapshotWriter;
import io.redraft.storage.StorageConfig;
import io.redraft.store.Keyspace;
import io.redraft.store.rdb.ModuleAux;
import io.redraft.store.rdb.RaftMetadata;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Turns a RedisRaft node's directory into a Redraft node's, so a RedisRaft cluster can be stopped
 * and started again on Redraft with the same node ids, term, vote, cluster id, members, data and
 * log tail (docs/redisraft-import.md).
 *
 * <p>Runs at startup, before storage opens, when {@code <log>} is a RedisRaft log. Crash safety:
 * everything new is built with Redraft's own storage code in a staging directory
 * {@code <log>.redisraft-convert}; a crash there leaves the originals untouched and the staging
 * directory is rebuilt at the next start. Once complete it gets a {@code READY} mark; from then
 * on a start finishes the job: the originals are renamed to {@code <name>.redisraft-orig}
 * (then an {@code ASIDE} mark), and the staged files are renamed into place. Every step is a
 * rename that a resumed start either finds done or does.
 */
public final class RedisRaftConversion {
    private static final Logger log = LogSetup.raft("import");
    static final String ORIG = ".redisraft-orig";
    static final String STAGING = ".redisraft-convert";
    static final String READY = "READY";
    static final String ASIDE = "ASIDE";
    /** Tests: called at each step of the swap with its name; throwing there simulates a crash. */
    static java.util.function.Consumer<String> crashPoint = step -> {};

    private final StorageConfig target;
    private final Path dir;
    private final Path staging;
    private final Encoder encoder;
    private final long nowMillis;

    private RedisRaftConversion(StorageConfig target, Encoder encoder, long nowMillis) {
        this.target = target;
        this.dir = target.dir();
        this.staging = dir.resolve(target.logFilename() + STAGING);
        this.encoder = encoder;
        this.nowMillis = nowMillis;
    }

    /** What a finished conversion produced, for the log line and tests. */
    public record Result(String dbid, int nodeId, long term, int vote, long snapshotIndex, long lastIndex,
                         int entriesConverted, boolean tornTailDropped) {}

    /** Redraft's encoding of a NORMAL entry's commands (the server's command batch). */
    public interface Encoder {
        /**
         * @param commands    argv of each command, in order
         * @param transaction the commands came from MULTI/EXEC (MULTI itself removed)
         */
        byte[] encode(long index, long term, List<byte[][]> commands, boolean transaction);
    }

    /**
     * Converts the RedisRaft files in {@code target.dir()}, or finishes an interrupted conversion.
     * Returns null, touching nothing, when there is nothing to convert.
     *
     * @param nowMillis the ctime written into the converted snapshot
     */
    public static Result convertIfPresent(StorageConfig target, Encoder encoder, long nowMillis) throws IOException {
        return new RedisRaftConversion(target, encoder, nowMillis).run();
    }

    private Result run() throws IOException {
        if (Files.exists(staging.resolve(READY))) {
            log.warn("Finishing an interrupted conversion of RedisRaft files in {}", dir);
            commit();
            return null;
        }
        Path logFile = dir.resolve(target.logFilename());
        if (!RedisRaftLog.looksLikeRedisRaftLog(logFile)) {
            return null;
        }
        if (Files.exists(staging)) {
            log.warn("Discarding {} left by an interrupted conversion; converting again from the originals", staging);
            deleteTree(staging);
        }
        for (String name : originals()) {
            if (Files.exists(dir.resolve(name + ORIG))) {
                throw new ImportException(dir.resolve(name + ORIG) + " already exists: move it away (an earlier"
                        + " conversion's originals?) before converting " + logFile);
            }
        }
        log.warn("{} is a RedisRaft log: converting the node's files to Redraft's (originals kept as *{})", logFile, ORIG);
        long started = System.nanoTime();
        Result r;
        try {
            r = stage(logFile);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging); // the originals are untouched; nothing half-made is left behind
            throw e;
        }
        mark(READY);
        crashPoint.accept(READY);
        commit();
        log.warn("Converted RedisRaft node {} of cluster {} in {} ms: term {}, vote {}, snapshot at {}, {} log entries up to {}{}",
                r.nodeId(), r.dbid(), (System.nanoTime() - started) / 1_000_000, r.term(), r.vote(), r.snapshotIndex(),
                r.entriesConverted(), r.lastIndex(), r.tornTailDropped() ? " (a torn last entry was dropped)" : "");
        return r;
    }

    private List<String> originals() {
        String l = target.logFilename();
        return List.of(l, l + ".idx", l + ".meta", l + ".1", l + ".1.idx", target.dbFilename());
    }

    private List<String> staged() {
        String l = target.logFilename();
        return List.of(l, l + ".idx", l + ".meta", target.dbFilename());
    }

    // ---- reading the RedisRaft files and writing Redraft's into staging ----

    private Result stage(Path logFile) throws IOException {
        Path metaFile = dir.resolve(target.logFilename() + ".meta");
        if (!Files.exists(metaFile)) {
            throw new ImportException(metaFile + " is missing: RedisRaft writes it at INIT/JOIN, the node's term and vote are there");
        }
        RedisRaftMeta meta = RedisRaftMeta.read(metaFile);
        RedisRaftLog page0 = RedisRaftLog.read(logFile);
        boolean torn = warnTorn(page0);
        List<RedisRaftLog.RawEntry> entries = new ArrayList<>(page0.entries());
        Path page1File = dir.resolve(target.logFilename() + ".1");
        if (Files.exists(page1File)) {
            RedisRaftLog page1 = RedisRaftLog.read(page1File);
            torn |= warnTorn(page1);
            same(page1File, page1.dbid(), page1.nodeId(), page0);
            if (page1.prevIndex() == page0.lastIndex() && !page1.entries().isEmpty()) {
                entries.addAll(page1.entries());
            } else {
                // RedisRaft deletes such a page on load (LogLoadEntries).
                log.warn("Ignoring {}: it does not continue {} (it starts after {}, the first page ends at {})",
                        page1File, logFile, page1.prevIndex(), page0.lastIndex());
            }
        }
        same(metaFile, meta.dbid(), meta.nodeId(), page0);

        Path rdb = dir.resolve(target.dbFilename());
        Snapshot snap = readSnapshot(rdb, page0);

        long s = snap.meta.lastIndex();
        if (page0.prevIndex() > s) {
            throw new ImportException(logFile, 0, "gap between the snapshot, which ends at entry " + s
                    + (Files.exists(rdb) ? "" : " (there is no " + rdb + ")") + ", and the log, which starts after entry "
                    + page0.prevIndex());
        }
        long last = page0.prevIndex() + entries.size();
        List<RedisRaftLog.RawEntry> tail = List.of();
        if (s <= last) {
            long termAtS = s == page0.prevIndex() ? page0.prevTerm() : entries.get((int) (s - page0.prevIndex() - 1)).term();
            if (s == 0 || termAtS == snap.meta.lastTerm()) {
                tail = entries.subList((int) (s - page0.prevIndex()), entries.size());
            } else {
                log.warn("The log has entry {} with term {} but the snapshot ends there with term {}: the log after it"
                        + " is from another history and is dropped (Raft §7)", s, termAtS, snap.meta.lastTerm());
            }
        } else {
            log.warn("The snapshot (entry {}) is ahead of the log (entry {}): the log restarts after the snapshot, as in RedisRaft", s, last);
        }

        RedisRaftEntries mapper = new RedisRaftEntries(logFile, encoder);
        List<Entry> mapped = new ArrayList<>(tail.size());
        for (RedisRaftLog.RawEntry e : tail) mapped.add(mapper.map(e));
        long lastTerm = mapped.isEmpty() ? snap.meta.lastTerm() : mapped.getLast().term();

        long term = meta.term();
        int vote = meta.vote() == -1 ? 0 : meta.vote();
        if (term < lastTerm) {
            log.warn("{} records term {} but the log reaches term {}: the node starts in term {} without a vote",
                    metaFile, term, lastTerm, lastTerm);
            term = lastTerm;
            vote = 0;
        }
        write(page0, snap, mapped, new HardState(term, vote, s));
        return new Result(page0.dbid(), page0.nodeId(), term, vote, s, s + mapped.size(), mapped.size(), torn);
    }

    private record Snapshot(SnapshotMeta meta, RaftMetadata raft, Keyspace keyspace) {}

    private Snapshot readSnapshot(Path rdb, RedisRaftLog page0) throws IOException {
        if (!Files.exists(rdb)) return new Snapshot(SnapshotMeta.EMPTY, null, null);
        List<ModuleAux> ours = new ArrayList<>();
        RdbContents contents = RdbReader.read(rdb, aux -> {
            if (aux.moduleName().equals(RedisRaftSnapshotInfo.MODULE)) ours.add(aux);
        });
        if (ours.size() != 1) {
            throw new ImportException(rdb, 0, ours.isEmpty()
                    ? "the RDB has no redisraft module data: it is not a RedisRaft snapshot"
                    : "the RDB has " + ours.size() + " redisraft module records, expected one");
        }
        RedisRaftSnapshotInfo info = RedisRaftSnapshotInfo.parse(rdb, ours.getFirst());
        if (!info.dbid().equals(page0.dbid())) {
            throw new ImportException(rdb, ours.getFirst().offset(), "the snapshot belongs to cluster '" + info.dbid()
                    + "' but the log to " + page0.dbid());
        }
        if (!info.ignored().isEmpty()) {
            log.warn("{}: RedisRaft state Redraft has no counterpart for is not converted: {}", rdb, info.ignored());
        }
        if (info.lastIndex() == 0) {
            if (contents.keyspace().size() != 0) {
                throw new ImportException(rdb, ours.getFirst().offset(), "the snapshot holds keys but covers no log entry");
            }
            return new Snapshot(SnapshotMeta.EMPTY, null, null);
        }
        List<ClusterConfig.Member> members = new ArrayList<>();
        List<RaftMetadata.Member> rdbMembers = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (RedisRaftSnapshotInfo.Node n : info.nodes()) {
            members.add(new ClusterConfig.Member(n.id(), n.address(), n.voting()));
            rdbMembers.add(new RaftMetadata.Member(n.id(), n.address(), n.voting()));
            ids.add(n.id());
        }
        List<Integer> removed = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        for (int id : ids) used.add((long) id);
        for (long id : info.usedIds()) {
            if (!ids.contains((int) id) && !removed.contains((int) id)) {
                removed.add((int) id);
                used.add(id);
            }
        }
        SnapshotMeta meta = new SnapshotMeta(info.lastIndex(), info.lastTerm(), new ClusterConfig(members, removed));
        RaftMetadata raft = new RaftMetadata(info.dbid(), info.lastIndex(), info.lastTerm(), rdbMembers, used, new byte[0]);
        return new Snapshot(meta, raft, contents.keyspace());
    }

    /** Writes the Redraft files into staging with Redraft's own storage (so its formats, fsyncs and checks). */
    private void write(RedisRaftLog page0, Snapshot snap, List<Entry> entries, HardState hs) throws IOException {
        Files.createDirectories(staging);
        StorageConfig sc = new StorageConfig(staging, target.logFilename(), target.dbFilename(), true,
                target.maxFileSize(), target.maxCacheSize(), target.writeQueueDepth());
        NodeStorage s = NodeStorage.open(sc);
        try {
            s.initialize(page0.dbid(), page0.nodeId());
            if (snap.meta.lastIndex() > 0) {
                SnapshotWriter w = s.snapshotFile().beginLocal();
                try (OutputStream out = w.asStream()) {
                    RdbWriter.write(snap.keyspace, snap.raft, nowMillis, out);
                }
                await(s.writer().installSnapshot(w, snap.meta));
            }
            // One request: the log thread writes it in 4 MiB calls and syncs once.
            CompletableFuture<Void> done = new CompletableFuture<>();
            s.writer().submit(entries, hs, p -> done.complete(null));
            await(done);
            if (s.writer().failure() != null) throw new IOException("writing the converted log failed", s.writer().failure());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while converting", e);
        } finally {
            s.close();
        }
        fsyncDir(staging);
    }

    private static void await(CompletableFuture<Void> f) throws IOException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IOException("writing the converted files failed", e.getCause());
        }
    }

    private boolean warnTorn(RedisRaftLog page) {
        if (page.tornOffset() < 0) return false;
        log.warn("{}: {}; dropping {} bytes from offset {} (a torn write, as RedisRaft drops it on load)",
                page.file(), page.tornReason(), fileSize(page.file()) - page.tornOffset(), page.tornOffset());
        return true;
    }

    private static long fileSize(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void same(Path file, String dbid, int nodeId, RedisRaftLog page0) throws ImportException {
        if (!dbid.equals(page0.dbid())) {
            throw new ImportException(file, 0, "belongs to cluster " + dbid + " but " + page0.file() + " to " + page0.dbid());
        }
        if (nodeId != page0.nodeId()) {
            throw new ImportException(file, 0, "belongs to node " + nodeId + " but " + page0.file() + " to node " + page0.nodeId());
        }
    }

    // ---- swapping the files: idempotent, resumable ----

    private void commit() throws IOException {
        if (!Files.exists(staging.resolve(ASIDE))) {
            for (String name : originals()) {
                Path p = dir.resolve(name);
                if (Files.exists(p)) Files.move(p, dir.resolve(name + ORIG), StandardCopyOption.ATOMIC_MOVE);
            }
            fsyncDir(dir);
            mark(ASIDE);
            crashPoint.accept(ASIDE);
        }
        for (String name : staged()) {
            Path p = staging.resolve(name);
            if (Files.exists(p)) {
                Files.move(p, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                crashPoint.accept(name);
            }
        }
        fsyncDir(dir);
        deleteTree(staging);
        fsyncDir(dir);
    }

    private void mark(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(staging.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        fsyncDir(staging);
    }

    private static void fsyncDir(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
