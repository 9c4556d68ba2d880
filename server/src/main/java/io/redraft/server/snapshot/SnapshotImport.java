package io.redraft.server.snapshot;

import io.redraft.raft.SnapshotMeta;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.log.LogSetup;
import io.redraft.server.node.ClientSession;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;

/**
 * Seeds a new cluster from a Redis dump (docs/rdb.md). RedisRaft has no import command; its nodes
 * are Redis, which loads {@code dir/dbfilename} at start. We keep that contract: an RDB found at
 * {@code dir/dbfilename} by {@code RAFT.CLUSTER INIT} is the cluster's initial dataset.
 *
 * <p>The dataset is in no log entry, so it must reach the log's first snapshot before anyone can
 * see the cluster: a node that joined earlier would replay the log from index 1 without it. So
 * INIT (1) parses the dump on the loader thread, its client blocked, (2) renames it to
 * {@code <dbfilename>.import}, the durable mark of an import under way, (3) creates the cluster
 * as usual (NO_OP and ADD_NODE at indexes 1-2), with the dump as the state before index 1,
 * (4) once both are applied takes a snapshot, and (5) answers {@code +OK <dbid>} once that
 * snapshot is installed, deleting the mark. Until then clients get LOADING. A crash in between
 * leaves the mark and a log without snapshot: at start ({@link SnapshotStartup}) the dump is
 * loaded again as the state before index 1, the log replays on top, and the snapshot is taken.
 */
public final class SnapshotImport {
    private static final Logger log = LogSetup.raft("snapshot");
    static final String MARK_SUFFIX = ".import";

    private final RaftRuntime rt;
    private final ClientSession client;
    private final String dbid;
    private boolean requested;
    private boolean done;

    private SnapshotImport(RaftRuntime rt, ClientSession client, String dbid) {
        this.rt = rt;
        this.client = client;
        this.dbid = dbid;
    }

    /** The dump INIT would import, or null: {@code dbfilename}, or the mark of an interrupted import. */
    public static Path dump(RaftRuntime rt) {
        Path db = rt.config().dir().resolve(rt.config().dbfilename());
        if (Files.isRegularFile(db)) return db;
        Path mark = mark(rt);
        return Files.isRegularFile(mark) ? mark : null;
    }

    private static Path mark(RaftRuntime rt) {
        return rt.config().dir().resolve(rt.config().dbfilename() + MARK_SUFFIX);
    }

    /** RAFT.CLUSTER INIT on a node with a dump: answered once the dump is the first snapshot. */
    public static void init(RaftRuntime rt, ClientSession s, String dbid, Path dump) {
        rt.status().datasetLoading();
        rt.node().block(s);
        log.info("RAFT.CLUSTER INIT: importing {} as the cluster's initial dataset", dump);
        rt.snapshots().loader().execute(() -> {
            try {
                RdbContents contents = RdbReader.read(dump);
                rt.node().execute(() -> start(rt, s, dbid, dump, contents));
            } catch (Throwable e) {
                rt.node().execute(() -> refuse(rt, s, e));
            }
        });
    }

    private static void refuse(RaftRuntime rt, ClientSession s, Throwable e) {
        log.warn("Importing the dump failed: {}", e.toString());
        rt.status().backToUninitialized();
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        rt.node().sink(s).error("ERR cannot import the dataset: " + msg.replace('\r', ' ').replace('\n', ' '));
        rt.node().complete(s);
    }

    private static void start(RaftRuntime rt, ClientSession s, String dbid, Path dump, RdbContents contents) {
        try {
            Path mark = mark(rt);
            if (!dump.equals(mark)) {
                Files.move(dump, mark, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(rt.config().dir());
            }
            rt.initialize(dbid, rt.newNodeId());
        } catch (IOException | RuntimeException e) {
            refuse(rt, s, e);
            return;
        }
        rt.store().install(contents.keyspace());
        rt.store().installExtras(contents.extras());
        rt.snapshots().importStarted(new SnapshotImport(rt, s, dbid));
        rt.core().bootstrap(rt.myAddress());
        log.info("Imported {} keys from {}; the first snapshot will carry them", rt.store().size(), dump);
        rt.drive();
    }

    static boolean markPresent(RaftRuntime rt) {
        return Files.isRegularFile(mark(rt));
    }

    /**
     * Loader thread, at start of an initialized node: the dump of an import interrupted before its
     * snapshot, to load as the state before index 1 (the log replays on top), or null.
     */
    static RdbContents interrupted(RaftRuntime rt, SnapshotMeta snapshot) throws IOException {
        Path mark = mark(rt);
        if (!Files.isRegularFile(mark)) return null;
        if (snapshot.lastIndex() != 0) { // the import finished; only the mark was left
            Files.deleteIfExists(mark);
            return null;
        }
        RdbContents contents = RdbReader.read(mark);
        log.warn("Resuming the import of {} interrupted by a restart: {} keys", mark, contents.keyspace().size());
        return contents;
    }

    /** Node thread: the interrupted import's dataset is installed; finish it like INIT would. */
    static SnapshotImport resumed(RaftRuntime rt) {
        return new SnapshotImport(rt, null, rt.storage().dbid());
    }

    boolean inProgress() {
        return !done;
    }

    /** After applying entries: once the bootstrap entries are applied, ask for the snapshot. */
    void applied() {
        if (done || requested || rt.core() == null || rt.appliedIndex() < 2 || !rt.snapshots().mayRequest()) return;
        requested = rt.core().requestCompaction();
    }

    void snapshotTaken() {
        done = true;
        rt.snapshots().importDone();
        try {
            Files.deleteIfExists(mark(rt));
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", mark(rt), e.toString());
        }
        log.info("The imported dataset is the cluster's first snapshot");
        if (client != null) {
            rt.node().sink(client).status("OK " + dbid);
            rt.node().complete(client);
        }
    }

    void snapshotFailed() {
        requested = false; // asked again after the next apply or tick, once the back-off has passed
    }

    /**
     * RAFT.CLUSTER JOIN replaces this node's data with the cluster's: a dump at {@code dbfilename}
     * would otherwise be lost, or (if it stayed) be taken for an interrupted import. Keep it aside.
     */
    public static void setAsideBeforeJoin(RaftRuntime rt) {
        Path dump = dump(rt);
        if (dump == null) return;
        Path aside = rt.config().dir().resolve(rt.config().dbfilename() + ".pre-join.bak");
        try {
            Files.move(dump, aside, StandardCopyOption.REPLACE_EXISTING);
            log.warn("RAFT.CLUSTER JOIN: this node's dataset is replaced by the cluster's; {} was moved to {}", dump, aside);
        } catch (IOException e) {
            log.warn("Cannot move {} aside before joining: {}", dump, e.toString());
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
