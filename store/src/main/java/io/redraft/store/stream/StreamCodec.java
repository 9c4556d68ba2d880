package io.redraft.store.stream;

import io.redraft.store.Bytes;

import java.io.IOException;
import java.util.Map;

/**
 * A stream's body as Redis's RDB stores it (rdbSaveObject / rdbLoadObject for OBJ_STREAM): the
 * nodes (rax key, listpack), length, last ID, then for type 19 and later the first ID, maximal
 * deleted ID and entries-added counter, then each group (name, last ID, entries-read from type
 * 19, the group PEL with delivery times and counts, the consumers with their seen time, 7.2's
 * active time for type 21, and the IDs of their PEL). The framing (lengths, strings) is the
 * caller's, so the same code serves RDB files and the simulator's snapshot codec.
 */
public final class StreamCodec {
    public static final int TYPE_STREAM_LISTPACKS = 15;
    public static final int TYPE_STREAM_LISTPACKS_2 = 19;
    public static final int TYPE_STREAM_LISTPACKS_3 = 21;

    private StreamCodec() {
    }

    /** Where the body goes: RDB lengths (unsigned 64-bit), strings, raw bytes, 8-byte LE times. */
    public interface Sink {
        void length(long unsigned) throws IOException;

        void string(byte[] s) throws IOException;

        void raw(byte[] b) throws IOException;

        void millis(long v) throws IOException;
    }

    public interface Source {
        long length() throws IOException;

        byte[] string() throws IOException;

        byte[] raw(int n) throws IOException;

        long millis() throws IOException;
    }

    /** Writes the type-19 body (RDB_TYPE_STREAM_LISTPACKS_2, as Redis 7.0 writes). */
    public static void write(StreamValue s, Sink out) throws IOException {
        out.length(s.nodes.size());
        for (Map.Entry<StreamId, StreamNode> e : s.nodes.entrySet()) {
            out.string(e.getKey().raxKey());
            out.string(e.getValue().toListpack());
        }
        out.length(s.length);
        id(out, s.lastId);
        id(out, s.firstId);
        id(out, s.maxDeletedId);
        out.length(s.entriesAdded);
        out.length(s.groups.size());
        for (Map.Entry<Bytes, ConsumerGroup> ge : s.groups.entrySet()) {
            ConsumerGroup g = ge.getValue();
            out.string(ge.getKey().array());
            id(out, g.lastId);
            out.length(g.entriesRead); // -1 is written as 2^64-1, as Redis's rdbSaveLen of a long long
            out.length(g.pel.size());
            for (Map.Entry<StreamId, Nack> p : g.pel.entrySet()) {
                out.raw(p.getKey().raxKey());
                out.millis(p.getValue().deliveryTime);
                out.length(p.getValue().deliveryCount);
            }
            out.length(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                out.string(c.name);
                out.millis(c.seenTime);
                out.length(c.pel.size());
                for (StreamId id : c.pel.keySet()) {
                    out.raw(id.raxKey());
                }
            }
        }
    }

    private static void id(Sink out, StreamId id) throws IOException {
        out.length(id.ms());
        out.length(id.seq());
    }

    private static StreamId id(Source in) throws IOException {
        long ms = in.length();
        return new StreamId(ms, in.length());
    }

    /**
     * Reads a body of RDB type 15, 19 or 21. Structural problems are IllegalArgumentExceptions.
     * Returns the stream even when empty: Redis keeps empty streams (and their groups).
     */
    public static StreamValue read(Source in, int type) throws IOException {
        StreamValue s = new StreamValue();
        long nodes = in.length();
        for (long i = 0; i < nodes; i++) {
            byte[] key = in.string();
            if (key.length != 16) {
                throw new IllegalArgumentException("stream node key of " + key.length + " bytes");
            }
            StreamId master = StreamId.fromRaxKey(key, 0);
            StreamNode n = StreamNode.fromListpack(master, in.string());
            if (n.live + n.deleted == 0) {
                throw new IllegalArgumentException("empty listpack inside stream");
            }
            // No order checks between or inside nodes: XSETID below deleted entries followed by
            // XADD legitimately puts IDs below their node's master ID, and Redis loads that.
            if (s.nodes.put(master, n) != null) {
                throw new IllegalArgumentException("duplicated stream node " + master);
            }
        }
        s.length = in.length();
        s.lastId = id(in);

        if (type >= TYPE_STREAM_LISTPACKS_2) {
            s.firstId = id(in);
            s.maxDeletedId = id(in);
            s.entriesAdded = in.length();
        } else {
            s.refreshFirstId();
            s.entriesAdded = s.length;
        }
        long live = 0;
        for (StreamNode n : s.nodes.values()) {
            live += n.live;
        }
        if (live != s.length) {
            throw new IllegalArgumentException("stream length " + s.length + " but " + live + " live entries");
        }
        long groups = in.length();
        for (long gi = 0; gi < groups; gi++) {
            byte[] name = in.string();
            StreamId last = id(in);
            ConsumerGroup g;
            if (type >= TYPE_STREAM_LISTPACKS_2) {
                g = new ConsumerGroup(last, in.length());
            } else {
                g = new ConsumerGroup(last, s.estimateDistance(last));
            }
            if (s.groups.putIfAbsent(Bytes.wrap(name), g) != null) {
                throw new IllegalArgumentException("duplicated consumer group name");
            }
            long pel = in.length();
            for (long p = 0; p < pel; p++) {
                StreamId id = StreamId.fromRaxKey(in.raw(16), 0);
                long time = in.millis();
                long count = in.length();
                if (g.pel.put(id, new Nack(null, time, count)) != null) {
                    throw new IllegalArgumentException("duplicated global PEL entry");
                }
            }
            long consumers = in.length();
            for (long ci = 0; ci < consumers; ci++) {
                byte[] cname = in.string();
                Consumer c = new Consumer(cname, in.millis());
                if (type >= TYPE_STREAM_LISTPACKS_3) {
                    in.millis(); // 7.2's active-time: 7.0 has no such field
                }
                if (g.consumers.putIfAbsent(Bytes.wrap(cname), c) != null) {
                    throw new IllegalArgumentException("duplicated consumer name");
                }
                long owned = in.length();
                for (long p = 0; p < owned; p++) {
                    StreamId id = StreamId.fromRaxKey(in.raw(16), 0);
                    Nack n = g.pel.get(id);
                    if (n == null || n.consumer != null) {
                        throw new IllegalArgumentException("consumer PEL entry " + id + " not in the group PEL or owned twice");
                    }
                    n.consumer = c;
                    c.pel.put(id, n);
                }
            }
            for (Nack n : g.pel.values()) {
                if (n.consumer == null) {
                    throw new IllegalArgumentException("group PEL entry without a consumer");
                }
            }
        }
        return s;
    }
}
