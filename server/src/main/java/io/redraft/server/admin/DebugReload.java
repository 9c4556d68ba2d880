package io.redraft.server.admin;

import io.redraft.raft.SnapshotMeta;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.log.LogSetup;
import io.redraft.server.node.ClientSession;
import io.redraft.storage.NodeStorage;
import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * DEBUG RELOAD on a Raft node: restart the dataset from the last snapshot and the log, as the
 * node would after a restart, without stopping it. Redis saves its RDB and loads it back; here
 * the snapshot is taken through the normal compaction path (RAFT.DEBUG COMPACT's: written by the
 * snapshot writer, installed by storage, the log prefix dropped), then parsed off the node thread
 * and swapped in for the keyspace, and the log after it is applied on top.
 *
 * <p>Applying is held from the compaction request to the swap, so the snapshot's index is the
 * applied index when the swap happens: the entries committed meanwhile are the "log after the
 * snapshot", applied to the reloaded keyspace once the hold is released. Raft goes on (appends,
 * commits, heartbeats; reads wait for the apply). A snapshot the leader installs meanwhile wins:
 * the reload then answers an error and leaves the keyspace to it. Any node may run it, followers
 * included; nothing is logged, so the others are untouched.
 */
final class DebugReload {
    private static final Logger log = LogSetup.raft("snapshot");
    static final String FAILED = "ERR DEBUG RELOAD failed: ";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final RaftRuntime rt;
    private final ClientSession s;
    private final NodeStorage storage;

    private DebugReload(RaftRuntime rt, ClientSession s) {
        this.rt = rt;
        this.s = s;
        this.storage = rt.storage();
    }

    static void run(RaftRuntime rt, ClientSession s, byte[][] argv, ReplySink out) {
        for (int i = 2; i < argv.length; i++) {
            String opt = new String(argv[i], java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            if (!opt.equals("merge") && !opt.equals("noflush") && !opt.equals("nosave")) {
                out.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                return;
            }
        }
        if (argv.length > 2) { // reloading an older file, or merging one, would step outside the log
            out.error("ERR not supported by RedisRaft");
            return;
        }
        String err = rt.stateError();
        if (err != null) {
            out.error(err);
            return;
        }
        if (rt.snapshots().inProgress() || rt.snapshots().loading()) {
            out.error(FAILED + "a snapshot is in progress");
            return;
        }
        new DebugReload(rt, s).start();
    }

    private void start() {
        rt.node().block(s);
        rt.holdApply(true);
        // false when nothing was applied since the last snapshot: that one is then the one to load.
        rt.core().requestCompaction();
        rt.drive();
        awaitSnapshot();
    }

    private void awaitSnapshot() {
        if (rt.snapshots().inProgress()) {
            rt.node().schedule(POLL_NANOS, this::awaitSnapshot);
            return;
        }
        SnapshotMeta meta = storage.log().snapshot();
        if (rt.storage() != storage || meta.lastIndex() != rt.appliedIndex() || meta.lastIndex() == 0) {
            done("the snapshot at the applied index was not taken (see the log)");
            return;
        }
        Path file = rt.config().dir().resolve(storage.snapshotFile().filename());
        Thread.ofPlatform().daemon().name("debug-reload").start(() -> {
            try {
                RdbContents contents = RdbReader.read(file);
                rt.node().execute(() -> swapIn(meta, contents));
            } catch (Throwable e) {
                rt.node().execute(() -> done(e.toString()));
            }
        });
    }

    private void swapIn(SnapshotMeta meta, RdbContents contents) {
        if (rt.storage() != storage || storage.log().snapshot().lastIndex() != meta.lastIndex()
                || rt.appliedIndex() != meta.lastIndex()) {
            done("a snapshot from the leader was installed meanwhile");
            return;
        }
        rt.store().install(contents.keyspace());
        rt.store().installExtras(contents.extras());
        log.info("DEBUG RELOAD: keyspace reloaded from the snapshot at index {}: {} keys", meta.lastIndex(), rt.store().size());
        done(null);
    }

    private void done(String failure) {
        rt.holdApply(false);
        if (failure == null) rt.node().sink(s).status("OK");
        else rt.node().sink(s).error(FAILED + failure.replace('\r', ' ').replace('\n', ' '));
        rt.node().complete(s);
    }
}
