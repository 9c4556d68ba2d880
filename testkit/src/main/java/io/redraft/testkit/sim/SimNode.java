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
import io.redraft.raft.ReadyLoop;
import io.redraft.raft.SnapshotChunk;
import io.redraft.raft.SnapshotMeta;
import io.redraft.raft.SnapshotSource;
import io.redraft.raft.SoftState;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One simulated server: a {@link RaftNode}, its disk, its key-value state machine, and the glue a
 * real server runs around the core: the server's own Ready loop ({@link ReadyLoop}), so every seed
 * exercises production's ordering; persistence goes through {@link SimDisk}, so it completes later,
 * in order, and is lost on a crash. Everything not on the {@link DurableLog} is volatile and gone after a crash.
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
    private final ReadyLoop loop = new ReadyLoop(new Ports());

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

    /** The Ready loop of a server: the production loop ({@link ReadyLoop}) through this node's ports. */
    void drain() {
        if (!up) return;
        loop.run();
        if (!up) return;
        knownCommit = Math.max(knownCommit, raft.commitIndex());
        world.monitor().progress(id, raft.commitIndex(), kv.applied());
        // Leadership is observed after every step: Election Safety is checked continuously.
        if (raft.isLeader()) world.monitor().leader(id, raft.term());
    }

    /**
     * What the loop does on a simulated node: persistence goes through {@link SimDisk} (completing
     * later, in order, lost on a crash); a completion of an earlier incarnation is dropped.
     */
    private final class Ports implements ReadyLoop.Ports {
        @Override
        public RaftNode core() {
            return up ? raft : null;
        }

        @Override
        public boolean halted() {
            return false;
        }

        @Override
        public boolean persistenceFailing() {
            return false;
        }

        @Override
        public void receiveChunk(SnapshotChunk c) {
            if (c.offset() == 0) incomingSnapshot = new ByteArrayOutputStream();
            incomingSnapshot.writeBytes(c.data());
        }

        @Override
        public boolean persist(Ready rd, Runnable whenDurable) {
            SafetyMonitor monitor = world.monitor();
            long inc = incarnation;
            List<Entry> entries = rd.entries();
            long[] hashes = monitor.written(id, entries, knownCommit);
            disk.write(() -> {
                if (rd.hardState() != null) durable.hardState(rd.hardState());
                durable.append(entries);
                monitor.published(id, entries, hashes);
            }, () -> {
                if (up && inc == incarnation) whenDurable.run();
            });
            return true;
        }

        @Override
        public void compact(SnapshotMeta snapshot) {
            SafetyMonitor monitor = world.monitor();
            disk.write(() -> {
                durable.compact(snapshot);
                monitor.compacted(id, durable.snapshot().lastIndex());
            }, () -> { });
        }

        @Override
        public void send(List<RaftMessage> messages) {
            for (RaftMessage m : messages) SimNode.this.send(m);
        }

        @Override
        public void installSnapshot(SnapshotMeta install) {
            SafetyMonitor monitor = world.monitor();
            long inc = incarnation;
            byte[] bytes = incomingSnapshot.toByteArray();
            SnapshotMeta meta = SnapshotCodec.meta(bytes);
            monitor.installing(id, meta.lastIndex(), knownCommit, kv.applied());
            monitor.snapshot(id, meta);
            disk.write(() -> durable.installSnapshot(meta, bytes), () -> {
                if (!up || inc != incarnation) return;
                // the node may have applied more while the install was being written
                monitor.installing(id, meta.lastIndex(), knownCommit, kv.applied());
                kv.restore(SnapshotCodec.kvBytes(bytes));
                raft.snapshotInstalled(meta);
                drain();
            });
        }

        @Override
        public void apply(List<Entry> committed) {
            for (Entry e : committed) SimNode.this.apply(e, world.monitor());
        }

        @Override
        public void readConfirmed(ReadState rs) {
            PendingRead r = pendingReads.remove(rs.requestId());
            if (r != null) confirmedReads.add(new ConfirmedRead(rs.index(), r.key(), r.reply()));
        }

        @Override
        public void readFailed(long requestId) {
            PendingRead r = pendingReads.remove(requestId);
            if (r != null) r.fail().run();
        }

        @Override
        public void serveAppliedReads() {
            serveReads();
        }

        @Override
        public void takeSnapshot(SnapshotMeta request) {
            if (Simulation.TRACE) {
                System.out.println("@" + world.scheduler().now() + " n" + id + ": snapshot request " + request
                        + " applied " + kv.applied());
            }
            SimNode.this.takeSnapshot(request, incarnation);
        }

        @Override
        public void leadershipChanged(SoftState soft, int transferTimedOut) {
            if (Simulation.TRACE && soft != null) {
                System.out.println("@" + world.scheduler().now() + " n" + id + ": " + soft.role() + " term "
                        + raft.term() + " leader " + soft.leaderId() + " voters " + raft.config().voterIds());
            }
        }

        @Override
        public void advanced() { }

        @Override
        public void resume() {
            drain();
        }
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
