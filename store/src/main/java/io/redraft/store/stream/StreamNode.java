package io.redraft.store.stream;

import io.redraft.store.Nums;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a stream: what Redis keeps in one listpack under a rax key (the node's master ID).
 * It holds the master entry (the fields of the node's first entry) and every entry added to the
 * node, deleted ones included (Redis only flags them), so the node's listpack, its byte size and
 * therefore where Redis would start the next node are reproduced exactly.
 */
final class StreamNode {
    static final int FLAG_DELETED = 1;
    static final int FLAG_SAMEFIELDS = 2;

    /** One entry. {@code fields} is null when the entry uses the master fields (SAMEFIELDS). */
    static final class Entry {
        final StreamId id;
        int flags;
        final byte[][] fields;
        final byte[][] values;

        Entry(StreamId id, int flags, byte[][] fields, byte[][] values) {
            this.id = id;
            this.flags = flags;
            this.fields = fields;
            this.values = values;
        }

        boolean deleted() {
            return (flags & FLAG_DELETED) != 0;
        }
    }

    final StreamId master;
    final byte[][] masterFields;
    final List<Entry> entries;
    int live;
    int deleted;
    /** Listpack bytes of the master fields and every entry (the counters are sized on demand). */
    private long fixedBytes;

    private StreamNode(StreamId master, byte[][] masterFields, List<Entry> entries) {
        this.master = master;
        this.masterFields = masterFields;
        this.entries = entries;
    }

    static StreamNode create(StreamId id, byte[][] fields) {
        StreamNode n = new StreamNode(id, fields, new ArrayList<>());
        n.fixedBytes = Listpacks.intSize(fields.length) + Listpacks.intSize(0);
        for (byte[] f : fields) {
            n.fixedBytes += Listpacks.size(f);
        }
        return n;
    }

    /** lpBytes of this node's listpack. */
    long bytes() {
        return Listpacks.HEADER + 1 + Listpacks.intSize(live) + Listpacks.intSize(deleted) + fixedBytes;
    }

    boolean sameFields(byte[][] fields) {
        if (fields.length != masterFields.length) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!Arrays.equals(fields[i], masterFields[i])) {
                return false;
            }
        }
        return true;
    }

    void append(StreamId id, byte[][] fields, byte[][] values, boolean first) {
        boolean same = first || sameFields(fields);
        Entry e = new Entry(id, same ? FLAG_SAMEFIELDS : 0, same ? null : fields, values);
        add(e);
    }

    private void add(Entry e) {
        entries.add(e);
        if (e.deleted()) {
            deleted++;
        } else {
            live++;
        }
        fixedBytes += entrySize(e);
    }

    private long entrySize(Entry e) {
        long s = Listpacks.intSize(e.flags) + Listpacks.intSize(e.id.ms() - master.ms())
                + Listpacks.intSize(e.id.seq() - master.seq());
        int nf = e.values.length;
        if (e.fields != null) {
            s += Listpacks.intSize(nf);
            for (byte[] f : e.fields) {
                s += Listpacks.size(f);
            }
        }
        for (byte[] v : e.values) {
            s += Listpacks.size(v);
        }
        return s + Listpacks.intSize(lpCount(e));
    }

    private static long lpCount(Entry e) {
        int nf = e.values.length;
        return e.fields == null ? nf + 3 : 2L * nf + 4;
    }

    byte[][] fieldsOf(Entry e) {
        return e.fields != null ? e.fields : masterFields;
    }

    /** Marks a live entry deleted (its flags stay one byte, so the size does not move). */
    void markDeleted(Entry e) {
        e.flags |= FLAG_DELETED;
        live--;
        deleted++;
    }

    /** The ID of the node's last entry, deleted or not (lpGetEdgeStreamID). */
    StreamId lastId() {
        return entries.get(entries.size() - 1).id;
    }

    StreamNode copy() {
        List<Entry> es = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            es.add(new Entry(e.id, e.flags, e.fields, e.values));
        }
        StreamNode n = new StreamNode(master, masterFields, es);
        n.live = live;
        n.deleted = deleted;
        n.fixedBytes = fixedBytes;
        return n;
    }

    /** The node's listpack exactly as Redis 7.0 lays it out. */
    byte[] toListpack() {
        Listpacks.Writer w = new Listpacks.Writer();
        w.add(live).add(deleted).add(masterFields.length);
        for (byte[] f : masterFields) {
            w.add(f);
        }
        w.add(0);
        for (Entry e : entries) {
            w.add(e.flags).add(e.id.ms() - master.ms()).add(e.id.seq() - master.seq());
            if (e.fields != null) {
                w.add(e.values.length);
            }
            for (int i = 0; i < e.values.length; i++) {
                if (e.fields != null) {
                    w.add(e.fields[i]);
                }
                w.add(e.values[i]);
            }
            w.add(lpCount(e));
        }
        return w.toByteArray();
    }

    /** Reads a node back from its listpack, checking the structure Redis's deep validation checks. */
    static StreamNode fromListpack(StreamId master, byte[] lp) {
        List<byte[]> el = Listpacks.decode(lp);
        Cursor c = new Cursor(el);
        long count = c.integer();
        long deletedCount = c.integer();
        long nMaster = c.integer();
        if (count < 0 || deletedCount < 0 || nMaster < 0 || nMaster > el.size()) {
            throw new IllegalArgumentException("bad stream listpack header");
        }
        byte[][] mf = new byte[(int) nMaster][];
        for (int i = 0; i < nMaster; i++) {
            mf[i] = c.next();
        }
        if (c.integer() != 0) {
            throw new IllegalArgumentException("stream master entry without its zero terminator");
        }
        StreamNode n = create(master, mf);
        for (long k = 0; k < count + deletedCount; k++) {
            int flags = (int) c.integer();
            long msDiff = c.integer();
            long seqDiff = c.integer();
            StreamId id = new StreamId(master.ms() + msDiff, master.seq() + seqDiff);
            byte[][] fields = null;
            int nf = (int) nMaster;
            if ((flags & FLAG_SAMEFIELDS) == 0) {
                long f = c.integer();
                if (f < 0 || f > el.size()) {
                    throw new IllegalArgumentException("bad stream entry field count");
                }
                nf = (int) f;
                fields = new byte[nf][];
            }
            byte[][] values = new byte[nf][];
            for (int i = 0; i < nf; i++) {
                if (fields != null) {
                    fields[i] = c.next();
                }
                values[i] = c.next();
            }
            Entry e = new Entry(id, flags, fields, values);
            if (c.integer() != lpCount(e)) {
                throw new IllegalArgumentException("stream entry with a wrong lp-count");
            }
            if (!n.entries.isEmpty() && id.compareTo(n.lastId()) <= 0) {
                throw new IllegalArgumentException("stream entries out of order");
            }
            n.add(e);
        }
        if (c.hasNext() || n.live != count || n.deleted != deletedCount) {
            throw new IllegalArgumentException("stream listpack counters disagree with its entries");
        }
        return n;
    }

    private static final class Cursor {
        private final List<byte[]> el;
        private int i;

        Cursor(List<byte[]> el) {
            this.el = el;
        }

        byte[] next() {
            if (i >= el.size()) {
                throw new IllegalArgumentException("stream listpack ends inside an entry");
            }
            return el.get(i++);
        }

        long integer() {
            Long v = Nums.parseLongOr(next(), null);
            if (v == null) {
                throw new IllegalArgumentException("stream listpack holds text where a number belongs");
            }
            return v;
        }

        boolean hasNext() {
            return i < el.size();
        }
    }
}
