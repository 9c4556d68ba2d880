package io.redraft.raft;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A tiny deterministic harness: a few nodes, one FIFO queue of messages delivered by hand, instant
 * persistence and a state machine that records what it applied. Tests drop or hold messages with
 * {@link #dropIf}.
 */
final class TestCluster {
    /** One node with its storage and application state. */
    final class Member {
        final int id;
        RaftNode node;
        final MemoryLogStorage storage = new MemoryLogStorage();
        final List<Entry> applied = new ArrayList<>();
        final List<ReadState> reads = new ArrayList<>();
        final List<Long> failedReads = new ArrayList<>();
        final List<Ready> readies = new ArrayList<>();
        final List<Integer> transferTimeouts = new ArrayList<>();
        ByteArrayOutputStream receiving = new ByteArrayOutputStream();
        byte[] snapshotBytes;
        SnapshotMeta snapshotMeta;
        /** Every snapshot this node held, by last index: a restart loads the one storage names. */
        final Map<Long, byte[]> snapshotFiles = new HashMap<>();
        /** When false, Readys are not processed (a stalled disk/thread). */
        boolean autoProcess = true;
        boolean autoSnapshot = true;
        /** When true, entries and hard state are held back (a slow disk) until {@link #flushPersist}. */
        boolean deferPersist;
        private final List<Ready> unpersisted = new ArrayList<>();
        SnapshotMeta pendingSnapshotRequest;

        final RaftConfig cfg;

        Member(int id, RaftConfig cfg) {
            this.id = id;
            this.cfg = cfg;
            this.node = new RaftNode(cfg, storage, new SplittableRandom(seed * 31 + id));
            node.setSnapshotSource(source());
        }

        SnapshotSource source() {
            return new SnapshotSource() {
                public SnapshotMeta meta() {
                    return snapshotMeta == null ? SnapshotMeta.EMPTY : snapshotMeta;
                }

                public long size() {
                    return snapshotBytes == null ? 0 : snapshotBytes.length;
                }

                public byte[] read(long offset, int max) {
                    int len = (int) Math.min(max, snapshotBytes.length - offset);
                    byte[] out = new byte[len];
                    System.arraycopy(snapshotBytes, (int) offset, out, 0, len);
                    return out;
                }
            };
        }

        List<byte[]> appliedData() {
            List<byte[]> out = new ArrayList<>();
            for (Entry e : applied) if (e.type() == EntryType.NORMAL) out.add(e.data());
            return out;
        }

        void process() {
            while (node.hasReady()) {
                Ready rd = node.ready();
                readies.add(rd);
                for (SnapshotChunk c : rd.snapshotChunks()) {
                    if (Boolean.getBoolean("raft.debug")) System.out.println("node " + id + " chunk " + c + " buffer " + receiving.size());
                    if (c.offset() == 0) receiving = new ByteArrayOutputStream();
                    receiving.writeBytes(c.data());
                }
                queue.addAll(rd.messages());
                if (deferPersist) {
                    unpersisted.add(rd);
                } else {
                    storage.apply(rd);
                    queue.addAll(rd.messagesAfterPersist());
                    if (rd.lastEntry() != null) node.persisted(rd.lastEntry().index(), rd.lastEntry().term());
                }
                applied.addAll(rd.committedEntries());
                reads.addAll(rd.readStates());
                failedReads.addAll(rd.failedReads());
                if (rd.transferTimedOut() != 0) transferTimeouts.add(rd.transferTimedOut());
                if (rd.snapshotRequest() != null) {
                    if (autoSnapshot) takeSnapshot(rd.snapshotRequest());
                    else pendingSnapshotRequest = rd.snapshotRequest();
                }
                if (rd.snapshotToInstall() != null) install(rd.snapshotToInstall());
                node.advance(rd);
            }
        }

        /** The slow disk catches up: persist what was held back, send what waited for it. */
        void flushPersist() {
            deferPersist = false;
            for (Ready rd : unpersisted) {
                storage.apply(rd);
                queue.addAll(rd.messagesAfterPersist());
                if (rd.lastEntry() != null) node.persisted(rd.lastEntry().index(), rd.lastEntry().term());
            }
            unpersisted.clear();
        }

        /** Crash and restart from storage (the application state is rebuilt from the snapshot). */
        void restart(RaftConfig cfg) {
            // a crash loses whatever the slow disk had not written yet
            unpersisted.clear();
            deferPersist = false;
            node = new RaftNode(cfg, storage, new SplittableRandom(seed * 17 + id));
            node.setSnapshotSource(source());
            applied.clear();
            long snap = storage.snapshot().lastIndex();
            if (snap > 0) {
                // the state machine restarts from the snapshot storage records (a newer one taken
                // but not yet recorded by a compaction is lost with the crash)
                snapshotBytes = snapshotFiles.get(snap);
                snapshotMeta = storage.snapshot();
                applied.addAll(decode(snapshotBytes));
            }
        }

        void takeSnapshot(SnapshotMeta meta) {
            // the test state machine's state is the list of applied entries; the snapshot is its encoding
            snapshotBytes = encode(meta, applied);
            snapshotMeta = meta;
            snapshotFiles.put(meta.lastIndex(), snapshotBytes);
            metas.put(meta.lastIndex() + "@" + meta.lastTerm(), meta);
            node.snapshotTaken(meta);
        }

        void install(SnapshotMeta partial) {
            byte[] bytes = receiving.toByteArray();
            SnapshotMeta meta = metas.get(partial.lastIndex() + "@" + partial.lastTerm());
            applied.clear();
            applied.addAll(decode(bytes));
            storage.installSnapshot(meta);
            snapshotBytes = bytes;
            snapshotMeta = meta;
            snapshotFiles.put(meta.lastIndex(), bytes);
            node.snapshotInstalled(meta);
        }
    }

    final long seed;
    final Map<Integer, Member> members = new LinkedHashMap<>();
    final ArrayDeque<RaftMessage> queue = new ArrayDeque<>();
    final Map<String, SnapshotMeta> metas = new HashMap<>();
    final List<RaftMessage> delivered = new ArrayList<>();
    Predicate<RaftMessage> drop = m -> false;

    TestCluster(long seed) {
        this.seed = seed;
    }

    /** Creates {@code ids.length} voters sharing one initial configuration (no log). */
    static TestCluster of(long seed, java.util.function.IntFunction<RaftConfig> cfg, int... ids) {
        TestCluster c = new TestCluster(seed);
        List<ClusterConfig.Member> ms = new ArrayList<>();
        for (int id : ids) ms.add(new ClusterConfig.Member(id, "n" + id, true));
        ClusterConfig config = new ClusterConfig(ms);
        for (int id : ids) {
            Member m = c.new Member(id, cfg.apply(id));
            // a shared starting configuration, as if from a snapshot at index 0
            m.storage.installSnapshot(new SnapshotMeta(0, 0, config));
            m.node = new RaftNode(cfg.apply(id), m.storage, new SplittableRandom(seed * 31 + id));
            m.node.setSnapshotSource(m.source());
            c.members.put(id, m);
        }
        return c;
    }

    static TestCluster of(int... ids) {
        return of(1, id -> RaftConfig.defaults(id).withTicks(10, 2), ids);
    }

    Member add(int id, RaftConfig cfg) {
        Member m = new Member(id, cfg);
        members.put(id, m);
        return m;
    }

    Member m(int id) {
        return members.get(id);
    }

    RaftNode node(int id) {
        return members.get(id).node;
    }

    void dropIf(Predicate<RaftMessage> p) {
        drop = p;
    }

    void heal() {
        drop = m -> false;
    }

    /** Cuts {@code id} off in both directions. */
    void isolate(int id) {
        drop = m -> m.from() == id || m.to() == id;
    }

    /** Processes every node's Ready and delivers messages until nothing moves. */
    void stabilize() {
        for (int round = 0; round < 100_000; round++) {
            for (Member m : members.values()) if (m.autoProcess) m.process();
            if (queue.isEmpty()) return;
            deliverAll();
        }
        StringBuilder sb = new StringBuilder("cluster did not stabilize; last messages:");
        for (RaftMessage m : delivered.subList(Math.max(0, delivered.size() - 12), delivered.size())) {
            sb.append("\n  ").append(m);
        }
        throw new AssertionError(sb.toString());
    }

    /** Delivers the messages queued now (not those they cause). */
    void deliverAll() {
        int n = queue.size();
        for (int i = 0; i < n; i++) deliver(queue.poll());
    }

    void deliver(RaftMessage msg) {
        if (drop.test(msg)) return;
        Member to = members.get(msg.to());
        if (to == null) return;
        delivered.add(msg);
        to.node.step(msg);
    }

    void tick(int id) {
        members.get(id).node.tick();
    }

    void tickAll(int times) {
        for (int t = 0; t < times; t++) {
            for (Member m : members.values()) m.node.tick();
            stabilize();
        }
    }

    /** Ticks {@code id} alone until it starts an election, then lets the cluster settle. */
    void elect(int id) {
        RaftNode n = node(id);
        for (int i = 0; i < 1000 && n.role() == Role.FOLLOWER; i++) n.tick();
        stabilize();
    }

    int leader() {
        int found = 0;
        for (Member m : members.values()) {
            if (m.node.role() == Role.LEADER && !m.node.isRemoved()) {
                if (found != 0 && node(found).term() == m.node.term()) throw new AssertionError("two leaders");
                if (found == 0 || m.node.term() > node(found).term()) found = m.id;
            }
        }
        return found;
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] encode(SnapshotMeta meta, List<Entry> applied) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(applied.size()).array());
        for (Entry e : applied) {
            out.writeBytes(ByteBuffer.allocate(24).putLong(e.index()).putLong(e.term()).putInt(e.type().code())
                    .putInt(e.data().length).array());
            out.writeBytes(e.data());
        }
        return out.toByteArray();
    }

    static List<Entry> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long index = b.getLong();
            long term = b.getLong();
            EntryType type = EntryType.fromCode(b.getInt());
            byte[] data = new byte[b.getInt()];
            b.get(data);
            out.add(new Entry(index, term, type, data));
        }
        return out;
    }
}
