package io.redraft.store.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a stream, held as Redis holds it: the bytes of one listpack (a master entry with
 * the live and deleted counts and the fields of the node's first entry, then every entry added,
 * deleted ones kept with their DELETED flag). Keeping Redis's own bytes makes an entry cost what
 * it costs in Redis (tens of bytes, not a few objects), makes the node's size, and so where
 * Redis would start the next node, exact, and is the RDB form as is. Entries are read from the
 * bytes on demand as {@link Entry} views.
 */
final class StreamNode {
    static final int FLAG_DELETED = 1;
    static final int FLAG_SAMEFIELDS = 2;

    /**
     * An entry read from the node. {@code fields} is null when the entry uses the master fields
     * (SAMEFIELDS); {@code values} is null when only the ID was read. {@code at} is the offset of
     * the flags element after the two counters, which stays valid when their sizes change.
     */
    static final class Entry {
        final StreamId id;
        final int flags;
        final byte[][] fields;
        final byte[][] values;
        final int at;

        Entry(StreamId id, int flags, byte[][] fields, byte[][] values, int at) {
            this.id = id;
            this.flags = flags;
            this.fields = fields;
            this.values = values;
            this.at = at;
        }

        boolean deleted() {
            return (flags & FLAG_DELETED) != 0;
        }
    }

    final StreamId master;
    final byte[][] masterFields;
    int live;
    int deleted;
    private byte[] lp;
    /** Elements in the listpack (its header keeps min(this, 65535)). */
    private int elements;
    private StreamId last;

    private StreamNode(StreamId master, byte[][] masterFields) {
        this.master = master;
        this.masterFields = masterFields;
    }

    /** A node whose master entry takes {@code fields}; the first entry comes with {@link #append}. */
    static StreamNode create(StreamId id, byte[][] fields) {
        StreamNode n = new StreamNode(id, fields);
        Listpacks.Writer w = new Listpacks.Writer().add(0).add(0).add(fields.length);
        for (byte[] f : fields) {
            w.add(f);
        }
        w.add(0);
        n.lp = w.toByteArray();
        n.elements = w.count();
        return n;
    }

    /** lpBytes of this node's listpack. */
    long bytes() {
        return lp.length;
    }

    private int prefix() {
        return Listpacks.HEADER + Listpacks.intSize(live) + Listpacks.intSize(deleted);
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
        Listpacks.Writer w = new Listpacks.Writer();
        w.add(same ? FLAG_SAMEFIELDS : 0).add(id.ms() - master.ms()).add(id.seq() - master.seq());
        if (!same) {
            w.add(values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!same) {
                w.add(fields[i]);
            }
            w.add(values[i]);
        }
        w.add(same ? values.length + 3L : 2L * values.length + 4);
        byte[] entry = w.body();
        int oldPrefix = prefix();
        live++;
        elements += w.count();
        byte[] head = counters();
        int rest = lp.length - 1 - oldPrefix; // the master fields and entries, without the 0xFF
        byte[] out = new byte[head.length + rest + entry.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(lp, oldPrefix, out, head.length, rest);
        System.arraycopy(entry, 0, out, head.length + rest, entry.length);
        out[out.length - 1] = (byte) 0xFF;
        lp = out;
        writeHeader();
        last = id;
    }

    /** Header placeholder plus the two counters, encoded for the current values. */
    private byte[] counters() {
        Listpacks.Writer w = new Listpacks.Writer().add(live).add(deleted);
        byte[] b = w.body();
        byte[] out = new byte[Listpacks.HEADER + b.length];
        System.arraycopy(b, 0, out, Listpacks.HEADER, b.length);
        return out;
    }

    private void writeHeader() {
        int total = lp.length;
        for (int i = 0; i < 4; i++) {
            lp[i] = (byte) (total >>> (8 * i));
        }
        int n = Math.min(elements, 65535);
        lp[4] = (byte) n;
        lp[5] = (byte) (n >>> 8);
    }

    /** Re-encodes the counters after they changed (their element sizes may have). */
    private void rewriteCounters(int oldPrefix) {
        byte[] head = counters();
        if (head.length == oldPrefix) {
            System.arraycopy(head, Listpacks.HEADER, lp, Listpacks.HEADER, head.length - Listpacks.HEADER);
        } else {
            byte[] out = new byte[head.length + lp.length - oldPrefix];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(lp, oldPrefix, out, head.length, lp.length - oldPrefix);
            lp = out;
        }
        writeHeader();
    }

    /** Every entry, deleted ones included, with values. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>(live + deleted);
        Listpacks.Reader r = entriesReader();
        int base = prefix();
        while (!r.atEnd()) {
            out.add(read(r, base, true));
        }
        return out;
    }

    private Listpacks.Reader entriesReader() {
        Listpacks.Reader r = new Listpacks.Reader(lp, prefix());
        r.skip(); // master field count
        for (int i = 0; i < masterFields.length; i++) {
            r.skip();
        }
        r.skip(); // the master entry's zero terminator
        return r;
    }

    private Entry read(Listpacks.Reader r, int base, boolean withValues) {
        int at = r.pos - base;
        int flags = (int) r.nextInt();
        long ms = master.ms() + r.nextInt();
        long seq = master.seq() + r.nextInt();
        StreamId id = new StreamId(ms, seq);
        boolean same = (flags & FLAG_SAMEFIELDS) != 0;
        int nf = same ? masterFields.length : (int) r.nextInt();
        byte[][] fields = same || !withValues ? null : new byte[nf][];
        byte[][] values = withValues ? new byte[nf][] : null;
        for (int i = 0; i < nf; i++) {
            if (!same) {
                if (withValues) {
                    fields[i] = r.next();
                } else {
                    r.skip();
                }
            }
            if (withValues) {
                values[i] = r.next();
            } else {
                r.skip();
            }
        }
        r.skip(); // lp-count
        return new Entry(id, flags, fields, values, at);
    }

    /** The live entry with this ID, with its values, or null. */
    Entry find(StreamId id) {
        Listpacks.Reader r = entriesReader();
        int base = prefix();
        while (!r.atEnd()) {
            int start = r.pos;
            Entry e = read(r, base, false);
            if (!e.deleted() && e.id.equals(id)) {
                r.pos = start;
                return read(r, base, true);
            }
        }
        return null;
    }

    byte[][] fieldsOf(Entry e) {
        return e.fields != null ? e.fields : masterFields;
    }

    /** Flags a live entry deleted in place (flags stay a one-byte element) and moves the counters. */
    void markDeleted(Entry e) {
        int oldPrefix = prefix();
        lp[oldPrefix + e.at] |= FLAG_DELETED;
        live--;
        deleted++;
        rewriteCounters(oldPrefix);
    }

    /** The ID of the node's last entry, deleted or not (lpGetEdgeStreamID). */
    StreamId lastId() {
        return last;
    }

    StreamNode copy() {
        StreamNode n = new StreamNode(master, masterFields);
        n.live = live;
        n.deleted = deleted;
        n.lp = lp.clone();
        n.elements = elements;
        n.last = last;
        return n;
    }

    /** The node's listpack exactly as Redis 7.0 lays it out (not to be modified). */
    byte[] toListpack() {
        return lp;
    }

    /** Adopts a listpack read from a file after checking the structure Redis's deep validation checks. */
    static StreamNode fromListpack(StreamId master, byte[] lp) {
        List<byte[]> el = Listpacks.decode(lp);
        Listpacks.Reader c = new Listpacks.Reader(lp, Listpacks.HEADER);
        long count = element(c, lp).nextInt();
        long deletedCount = element(c, lp).nextInt();
        // Counters in a wider encoding than ours would shift every offset we compute.
        if (count < 0 || deletedCount < 0 || count > el.size() || deletedCount > el.size()
                || c.pos != Listpacks.HEADER + Listpacks.intSize(count) + Listpacks.intSize(deletedCount)) {
            throw new IllegalArgumentException("bad stream listpack counters");
        }
        long nMaster = element(c, lp).nextInt();
        if (count < 0 || deletedCount < 0 || nMaster < 0 || nMaster > el.size()
                || count + deletedCount > el.size()) {
            throw new IllegalArgumentException("bad stream listpack header");
        }
        byte[][] mf = new byte[(int) nMaster][];
        for (int i = 0; i < nMaster; i++) {
            mf[i] = element(c, lp).next();
        }
        if (element(c, lp).nextInt() != 0) {
            throw new IllegalArgumentException("stream master entry without its zero terminator");
        }
        StreamNode n = new StreamNode(master, mf);
        n.lp = lp;
        n.live = (int) count;
        n.deleted = (int) deletedCount;
        n.elements = el.size();
        long live = 0;
        long dead = 0;
        StreamId prev = null;
        int base = n.prefix();
        for (long k = 0; k < count + deletedCount; k++) {
            element(c, lp);
            int start = c.pos;
            int flags = (int) c.nextInt();
            c.nextInt();
            c.nextInt();
            long nf = (flags & FLAG_SAMEFIELDS) != 0 ? nMaster : c.nextInt();
            if (nf < 0 || nf > el.size()) {
                throw new IllegalArgumentException("bad stream entry field count");
            }
            c.pos = start;
            Entry e = n.read(element(c, lp), base, true);
            long lpCount = (flags & FLAG_SAMEFIELDS) != 0 ? nf + 3 : 2 * nf + 4;
            int end = c.pos;
            c.pos = end - backOf(lp, end);
            if (element(c, lp).nextInt() != lpCount) {
                throw new IllegalArgumentException("stream entry with a wrong lp-count");
            }
            if (flags < 0 || flags > 3) {
                throw new IllegalArgumentException("stream entry with unknown flags " + flags);
            }
            prev = e.id;
            if (e.deleted()) {
                dead++;
            } else {
                live++;
            }
        }
        if (!c.atEnd() || live != count || dead != deletedCount) {
            throw new IllegalArgumentException("stream listpack counters disagree with its entries");
        }
        n.last = prev;
        return n;
    }

    /** Checks that the reader is on an element (not past the terminator) before it is read. */
    private static Listpacks.Reader element(Listpacks.Reader c, byte[] lp) {
        if (c.pos >= lp.length - 1 || c.atEnd()) {
            throw new IllegalArgumentException("stream listpack ends inside an entry");
        }
        return c;
    }

    /** Size of the element that ends at {@code end} (its encoding plus back-length). */
    private static int backOf(byte[] lp, int end) {
        // the back-length is read right to left: 7 bits per byte, high bit set on all but the first
        int p = end - 1;
        long len = 0;
        int shift = 0;
        int n = 0;
        while (true) {
            int b = lp[p] & 0xFF;
            len |= (long) (b & 127) << shift;
            n++;
            if ((b & 128) == 0) {
                break;
            }
            shift += 7;
            p--;
        }
        return (int) len + n;
    }
}
