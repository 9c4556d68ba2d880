package io.redraft.store.stream;

import io.redraft.store.Bytes;
import io.redraft.store.Digests;
import io.redraft.store.RedisObject;
import io.redraft.store.ValueType;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * A stream (Redis's t_stream.c): nodes keyed by their master ID, each the content of one Redis
 * listpack (see {@link StreamNode}), the stream's counters and IDs, and its consumer groups.
 * Nodes are split exactly where Redis 7.0 splits them with its defaults (stream-node-max-bytes
 * 4096, stream-node-max-entries 100), so XINFO's radix tree figures and the RDB bytes match.
 */
public final class StreamValue extends RedisObject {
    static final int NODE_MAX_BYTES = 4096;
    static final int NODE_MAX_ENTRIES = 100;

    final TreeMap<StreamId, StreamNode> nodes = new TreeMap<>();
    long length;
    StreamId lastId = StreamId.MIN;
    StreamId firstId = StreamId.MIN;
    StreamId maxDeletedId = StreamId.MIN;
    long entriesAdded;
    final TreeMap<Bytes, ConsumerGroup> groups = new TreeMap<>(ConsumerGroup::byName);

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    @Override
    public String encoding() {
        return "stream";
    }

    public long length() {
        return length;
    }

    /** streamAppendItem with the ID already decided and checked. */
    void append(StreamId id, byte[][] fields, byte[][] values) {
        StreamNode tail = nodes.isEmpty() ? null : nodes.lastEntry().getValue();
        if (tail != null) {
            long payload = 0;
            for (int i = 0; i < fields.length; i++) {
                payload += fields[i].length + values[i].length;
            }
            if (tail.bytes() + payload >= NODE_MAX_BYTES || tail.live + tail.deleted >= NODE_MAX_ENTRIES) {
                tail = null;
            }
        }
        if (tail == null) {
            tail = StreamNode.create(id, fields);
            nodes.put(id, tail);
            tail.append(id, fields, values, true);
        } else {
            tail.append(id, fields, values, false);
        }
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) {
            firstId = id;
        }
    }

    /**
     * Visits the live entries with IDs in [start, end], ascending or (rev) descending, until the
     * visitor returns false.
     */
    void range(StreamId start, StreamId end, boolean rev, BiPredicate<StreamNode, StreamNode.Entry> visitor) {
        if (start.compareTo(end) > 0) {
            return;
        }
        if (!rev) {
            StreamId from = nodes.floorKey(start);
            for (StreamNode n : (from == null ? nodes : nodes.tailMap(from, true)).values()) {
                for (StreamNode.Entry e : n.entries()) {
                    if (e.id.compareTo(start) < 0 || e.deleted()) {
                        continue;
                    }
                    if (e.id.compareTo(end) > 0 || !visitor.test(n, e)) {
                        return;
                    }
                }
            }
        } else {
            StreamId from = nodes.floorKey(end);
            for (StreamNode n : (from == null ? nodes : nodes.headMap(from, true)).descendingMap().values()) {
                List<StreamNode.Entry> entries = n.entries();
                for (int i = entries.size() - 1; i >= 0; i--) {
                    StreamNode.Entry e = entries.get(i);
                    if (e.id.compareTo(end) > 0 || e.deleted()) {
                        continue;
                    }
                    if (e.id.compareTo(start) < 0 || !visitor.test(n, e)) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * The node holding the live entry {@code id}, or null. Found the way Redis's iterator finds
     * it (from the last node whose master ID is not above it, or the first node, onwards): an ID
     * below its node's master ID (XSETID below deleted entries, then XADD) is still found.
     */
    StreamNode nodeOf(StreamId id) {
        StreamNode[] found = new StreamNode[1];
        range(id, id, false, (n, e) -> {
            found[0] = n;
            return false;
        });
        return found[0];
    }

    /** The live entry {@code id} in node {@code n} (from {@link #nodeOf}), with its values. */
    static StreamNode.Entry find(StreamNode n, StreamId id) {
        return n.find(id);
    }

    boolean exists(StreamId id) {
        return nodeOf(id) != null;
    }

    /** streamDeleteItem: flags the entry, or drops its node when it was the node's last live one. */
    boolean delete(StreamId id) {
        StreamNode n = nodeOf(id);
        if (n == null) {
            return false;
        }
        if (n.live == 1) {
            nodes.remove(n.master);
        } else {
            n.markDeleted(n.find(id));
        }
        length--;
        return true;
    }

    /** The first (or last) live entry's ID, or null when empty (streamGetEdgeID skipping tombstones). */
    StreamId edge(boolean first) {
        StreamId[] found = new StreamId[1];
        range(StreamId.MIN, StreamId.MAX, !first, (n, e) -> {
            found[0] = e.id;
            return false;
        });
        return found[0];
    }

    void refreshFirstId() {
        StreamId f = length == 0 ? null : edge(true);
        firstId = f == null ? StreamId.MIN : f;
    }

    /** Trimming arguments: MAXLEN (minId null) or MINID; limit 0 means none. */
    record Trim(long maxLen, StreamId minId, boolean approx, long limit) {
    }

    /** streamTrim: whole nodes from the head, then (unless approximate) entries inside one node. */
    long trim(Trim t) {
        boolean byLen = t.minId() == null;
        long removed = 0;
        while (!nodes.isEmpty()) {
            if (byLen && length <= t.maxLen()) {
                break;
            }
            Map.Entry<StreamId, StreamNode> first = nodes.firstEntry();
            StreamNode n = first.getValue();
            long entries = n.live;
            if (t.limit() != 0 && removed + entries > t.limit()) {
                break;
            }
            boolean removeNode = byLen ? length - entries >= t.maxLen() : n.lastId().compareTo(t.minId()) < 0;
            if (removeNode) {
                nodes.remove(first.getKey());
                length -= entries;
                removed += entries;
                continue;
            }
            if (t.approx()) {
                break;
            }
            for (StreamNode.Entry e : n.entries()) {
                boolean stop = byLen ? length <= t.maxLen() : e.id.compareTo(t.minId()) >= 0;
                if (stop) {
                    break;
                }
                if (!e.deleted()) {
                    n.markDeleted(e);
                    length--;
                    removed++;
                }
            }
            break;
        }
        refreshFirstId();
        return removed;
    }

    /** radix-tree-nodes as Redis's rax counts them for these keys. */
    long raxNodes() {
        List<byte[]> keys = new ArrayList<>(nodes.size());
        for (StreamId id : nodes.keySet()) {
            keys.add(id.raxKey());
        }
        return RaxShape.nodes(keys);
    }

    // ---- consumer group helpers ----

    ConsumerGroup group(byte[] name) {
        return groups.get(Bytes.wrap(name));
    }

    /** streamRangeHasTombstones(s, start, NULL). */
    boolean hasTombstonesFrom(StreamId start) {
        if (length == 0 || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        return start.compareTo(maxDeletedId) <= 0;
    }

    /** streamEstimateDistanceFromFirstEverEntry; {@link ConsumerGroup#INVALID_ENTRIES_READ} when unknown. */
    long estimateDistance(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return ConsumerGroup.INVALID_ENTRIES_READ;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - length;
            } else if (cmpFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.INVALID_ENTRIES_READ;
    }

    /** The group's lag, or null when it cannot be known (streamReplyWithCGLag). */
    Long lag(ConsumerGroup g) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ && !hasTombstonesFrom(g.lastId)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistance(g.lastId);
        return read == ConsumerGroup.INVALID_ENTRIES_READ ? null : entriesAdded - read;
    }

    // ---- RedisObject ----

    @Override
    public RedisObject copy() {
        StreamValue s = new StreamValue();
        for (Map.Entry<StreamId, StreamNode> e : nodes.entrySet()) {
            s.nodes.put(e.getKey(), e.getValue().copy());
        }
        s.length = length;
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        for (Map.Entry<Bytes, ConsumerGroup> e : groups.entrySet()) {
            s.groups.put(e.getKey(), e.getValue().copy());
        }
        return s;
    }

    @Override
    public byte[] contentDigest() {
        MessageDigest md = Digests.sha1();
        for (Map.Entry<StreamId, StreamNode> e : nodes.entrySet()) {
            Digests.update(md, e.getKey().raxKey());
            Digests.update(md, e.getValue().toListpack());
        }
        Digests.updateLong(md, length);
        for (StreamId id : new StreamId[]{lastId, firstId, maxDeletedId}) {
            Digests.updateLong(md, id.ms());
            Digests.updateLong(md, id.seq());
        }
        Digests.updateLong(md, entriesAdded);
        for (Map.Entry<Bytes, ConsumerGroup> e : groups.entrySet()) {
            ConsumerGroup g = e.getValue();
            Digests.update(md, e.getKey().array());
            Digests.updateLong(md, g.lastId.ms());
            Digests.updateLong(md, g.lastId.seq());
            Digests.updateLong(md, g.entriesRead);
            for (Map.Entry<StreamId, Nack> p : g.pel.entrySet()) {
                Digests.update(md, p.getKey().raxKey());
                Digests.update(md, p.getValue().consumer.name);
                Digests.updateLong(md, p.getValue().deliveryTime);
                Digests.updateLong(md, p.getValue().deliveryCount);
            }
            for (Consumer c : g.consumers.values()) {
                Digests.update(md, c.name);
                Digests.updateLong(md, c.seenTime);
            }
        }
        return md.digest();
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
        StreamCodec.write(this, new StreamCodec.Sink() {
            @Override
            public void length(long v) throws IOException {
                out.writeLong(v);
            }

            @Override
            public void string(byte[] s) throws IOException {
                out.writeInt(s.length);
                out.write(s);
            }

            @Override
            public void raw(byte[] b) throws IOException {
                out.write(b);
            }

            @Override
            public void millis(long v) throws IOException {
                out.writeLong(v);
            }
        });
    }

    public static StreamValue readFrom(DataInputStream in) throws IOException {
        return StreamCodec.read(new StreamCodec.Source() {
            @Override
            public long length() throws IOException {
                return in.readLong();
            }

            @Override
            public byte[] string() throws IOException {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return b;
            }

            @Override
            public byte[] raw(int n) throws IOException {
                byte[] b = new byte[n];
                in.readFully(b);
                return b;
            }

            @Override
            public long millis() throws IOException {
                return in.readLong();
            }
        }, StreamCodec.TYPE_STREAM_LISTPACKS_2);
    }
}
