package io.redraft.testkit.sim;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.RaftConfig;
import io.redraft.raft.RaftException;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.RaftNode;
import io.redraft.raft.ReadState;
import io.redraft.raft.Ready;
import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;
import io.redraft.raft.SnapshotSource;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One simulated server: a {@link RaftNode}, its disk, its key-value state machine, and the glue a
 * real server runs around the core (the Ready loop). The glue follows the order documented on
 * {@link Ready}; persistence goes through {@link SimDisk}, so it completes later, in order, and is
 * lost on a crash. Everything not on the {@link DurableLog} is volatile and gone after a crash.
 */
final class SimNode {
    /** Where a node reports what it does, so the world can route and check it. */
    interface World {
        void send(RaftMessage m);

        SafetyMonitor monitor();

        Scheduler scheduler();
    }

    private final int id;
    private final RaftConfig config;
    private final World world;
    private final DurableLog durable;
    private final SimDisk disk;
    private final SplittableRandom random;
    private RaftNode raft;
    private KvStateMachine kv;
    private boolean up;
    private long incarnation;
    /** Writes waiting to be applied: op id to the reply callback. Volatile state. */
    private TreeMap<Long, Consumer<String>> pendingWrites = new TreeMap<>();
    /** Reads waiting for a ReadIndex confirmation, by request id. */
    private TreeMap<Long, PendingRead> pendingReads = new TreeMap<>();
    /** Confirmed reads waiting for the state machine to reach their index. */
    private List<ConfirmedRead> confirmedReads = new ArrayList<>();
    private ByteArrayOutputStream incomingSnapshot = new ByteArrayOutputStream();
    private long nextReadId = 1;
    /** Commit index the node had reached after its previous step. */
    private long knownCommit;

    private record PendingRead(String key, Consumer<String> reply, Runnable fail) {}

    private record ConfirmedRead(long index, String key, Consumer<String> reply) {}

    SimNode(int id, RaftConfig config, World world, SimDisk disk, SplittableRandom random) {
        this.id = id;
        this.config = config;
        this.world = world;
        this.durable = new DurableLog();
        this.disk = disk;
        this.random = random;
    }

    int id() {
        return id;
    }

    boolean up() {
        return up;
    }

    RaftNode raft() {
        return raft;
    }

    DurableLog durable() {
        return durable;
    }

    SimDisk disk() {
        return disk;
    }

    KvStateMachine kv() {
        return kv;
    }

    /** Boots (or reboots) the process from what is on disk. */
    void start() {
        if (up) throw new IllegalStateException("node " + id + " already up");
        up = true;
        incarnation++;
        knownCommit = 0;
        kv = new KvStateMachine();
        if (durable.snapshot().lastIndex() > 0) kv.restore(SnapshotCodec.kvBytes(durable.snapshotData()));
        raft = new RaftNode(config, durable, random.split());
        raft.setSnapshotSource(new DurableSnapshotSource());
        // The core refuses to overwrite an entry it knows committed; being asked to at all means
        // some leader's log lacks a committed entry, so the run fails right there.
        raft.setRefusalListener((from, term, index, committed) -> {
            throw new SafetyViolation("Committed entry truncated", "node " + from + " (term " + term + ") asked node " + id
                    + " to overwrite entry " + index + ", below its commit index " + committed);
        });
        world.monitor().restarted(id, durable.snapshot(), durable.entries(durable.firstIndex(), durable.lastIndex() + 1, Long.MAX_VALUE));
        drain();
    }

    /** Power loss: the process dies, pending disk writes are lost, clients get no answer. */
    void crash() {
        if (!up) return;
        if (Simulation.TRACE) System.out.println("@" + world.scheduler().now() + " n" + id + ": crash, " + disk.pending() + " writes lost");
        up = false;
        disk.crash();
        raft = null;
        kv = null;
        pendingWrites = new TreeMap<>();
        pendingReads = new TreeMap<>();
        confirmedReads = new ArrayList<>();
        incomingSnapshot = new ByteArrayOutputStream();
    }

    void tick() {
        if (!up) return;
        raft.tick();
        drain();
    }

    void receive(RaftMessage m) {
        if (!up) return;
        raft.step(m);
        drain();
    }

    /** Proposes a write; {@code reply} runs once it is applied here. */
    void write(KvCommand cmd, Consumer<String> reply) throws RaftException {
        raft.propose(cmd.encode());
        pendingWrites.put(cmd.opId(), reply);
        drain();
    }

    /** Starts a ReadIndex read; {@code reply} gets the value, {@code fail} runs if it cannot be confirmed. */
    void read(String key, Consumer<String> reply, Runnable fail) throws RaftException {
        long rid = nextReadId++;
        raft.readIndex(rid);
        pendingReads.put(rid, new PendingRead(key, reply, fail));
        drain();
    }

    /** Runs {@code action} on the core and then the Ready loop; RaftExceptions are the caller's. */
    void act(Consumer<RaftNode> action) {
        if (!up) return;
        action.accept(raft);
        drain();
    }

    /** The Ready loop of a server, in the order {@link Ready} prescribes. */
    void drain() {
        while (up && raft.hasReady()) {
            Ready rd = raft.ready();
            handle(rd);
            if (!up) return;
            raft.advance(rd);
        }
        if (!up) return;
        knownCommit = Math.max(knownCommit, raft.commitIndex());
        world.monitor().progress(id, raft.commitIndex(), kv.applied());
        // Leadership is observed after every step: Election Safety is checked continuously.
        if (raft.isLeader()) world.monitor().leader(id, raft.term());
    }

    private void handle(Ready rd) {
        SafetyMonitor monitor = world.monitor();
        long inc = incarnation;
        if (Simulation.TRACE && rd.softState() != null) {
            System.out.println("@" + world.scheduler().now() + " n" + id + ": " + rd.softState().role() + " term "
                    + raft.term() + " leader " + rd.softState().leaderId() + " voters " + raft.config().voterIds()
                    + " hardState " + rd.hardState() + " sends " + rd.messages().size() + "+" + rd.messagesAfterPersist().size()
                    + " entries " + rd.entries().size());
        }
        if (Simulation.TRACE && (rd.snapshotRequest() != null || rd.compaction() != null || rd.snapshotToInstall() != null)) {
            System.out.println("@" + world.scheduler().now() + " n" + id + ": snapshot request " + rd.snapshotRequest()
                    + " compaction " + rd.compaction() + " install " + rd.snapshotToInstall() + " applied " + kv.applied());
        }
        for (SnapshotChunk c : rd.snapshotChunks()) {
            if (c.offset() == 0) incomingSnapshot = new ByteArrayOutputStream();
            incomingSnapshot.writeBytes(c.data());
        }
        persist(rd, monitor, inc);
        for (RaftMessage m : rd.messages()) send(m);
        for (Entry e : rd.committedEntries()) apply(e, monitor);
        for (ReadState rs : rd.readStates()) {
            PendingRead r = pendingReads.remove(rs.requestId());
            if (r != null) confirmedReads.add(new ConfirmedRead(rs.index(), r.key(), r.reply()));
        }
        for (Long failed : rd.failedReads()) {
            PendingRead r = pendingReads.remove(failed);
            if (r != null) r.fail().run();
        }
        serveReads();
        if (rd.snapshotRequest() != null) takeSnapshot(rd.snapshotRequest(), inc);
    }

    private void persist(Ready rd, SafetyMonitor monitor, long inc) {
        List<Entry> entries = rd.entries();
        long[] hashes = monitor.written(id, entries, knownCommit);
        SnapshotMeta install = rd.snapshotToInstall();
        byte[] installBytes = install == null ? null : incomingSnapshot.toByteArray();
        SnapshotMeta installMeta = install == null ? null : SnapshotCodec.meta(installBytes);
        if (installMeta != null) {
            monitor.installing(id, installMeta.lastIndex(), knownCommit, kv.applied());
            monitor.snapshot(id, installMeta);
        }
        SnapshotMeta compaction = rd.compaction();
        boolean anything = rd.hardState() != null || !entries.isEmpty() || install != null || compaction != null
                || !rd.messagesAfterPersist().isEmpty();
        if (!anything) return;
        Entry last = rd.lastEntry();
        List<RaftMessage> after = rd.messagesAfterPersist();
        disk.write(() -> {
            if (rd.hardState() != null) durable.hardState(rd.hardState());
            durable.append(entries);
            monitor.published(id, entries, hashes);
            if (installMeta != null) durable.installSnapshot(installMeta, installBytes);
            if (compaction != null) {
                durable.compact(compaction);
                monitor.compacted(id, durable.snapshot().lastIndex());
            }
        }, () -> {
            if (!up || inc != incarnation) return;
            for (RaftMessage m : after) send(m);
            if (last != null) raft.persisted(last.index(), last.term());
            if (installMeta != null) {
                // the node may have applied more while the install was being written
                monitor.installing(id, installMeta.lastIndex(), knownCommit, kv.applied());
                kv.restore(SnapshotCodec.kvBytes(installBytes));
                raft.snapshotInstalled(installMeta);
            }
            drain();
        });
    }

    private void send(RaftMessage m) {
        if (m instanceof AppendEntriesRequest ae) world.monitor().sent(id, ae.entries());
        world.send(m);
    }

    private void apply(Entry e, SafetyMonitor monitor) {
        monitor.applied(id, e);
        if (e.type() == EntryType.NORMAL) {
            KvCommand cmd = KvCommand.decode(e.data());
            kv.apply(e.index(), cmd);
            Consumer<String> reply = pendingWrites.remove(cmd.opId());
            if (reply != null) reply.accept(null);
        } else {
            kv.advance(e.index());
        }
    }

    private void serveReads() {
        Iterator<ConfirmedRead> it = confirmedReads.iterator();
        while (it.hasNext()) {
            ConfirmedRead r = it.next();
            if (kv.applied() >= r.index()) {
                it.remove();
                r.reply().accept(kv.get(r.key()));
            }
        }
    }

    private void takeSnapshot(SnapshotMeta meta, long inc) {
        if (kv.applied() != meta.lastIndex()) {
            throw new IllegalStateException("node " + id + " asked to snapshot at " + meta.lastIndex() + " but applied " + kv.applied());
        }
        byte[] bytes = SnapshotCodec.encode(meta, kv.snapshot());
        disk.write(() -> durable.saveSnapshot(meta, bytes), () -> {
            if (!up || inc != incarnation) return;
            raft.snapshotTaken(meta);
            drain();
        });
    }

    /** The leader streams the snapshot that storage holds. */
    private final class DurableSnapshotSource implements SnapshotSource {
        @Override
        public SnapshotMeta meta() {
            return durable.snapshot();
        }

        @Override
        public long size() {
            return durable.snapshotData().length;
        }

        @Override
        public byte[] read(long offset, int max) {
            byte[] all = durable.snapshotData();
            int from = (int) Math.min(offset, all.length);
            int to = (int) Math.min(all.length, offset + max);
            byte[] out = new byte[to - from];
            System.arraycopy(all, from, out, 0, out.length);
            return out;
        }
    }

    @Override
    public String toString() {
        return up ? "n" + id + "(" + raft.role() + " t" + raft.term() + " commit=" + raft.commitIndex() + " last=" + raft.lastIndex() + ")"
                : "n" + id + "(down)";
    }
}
