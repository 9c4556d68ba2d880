package io.redraft.store.hash;

import io.redraft.store.Bytes;
import io.redraft.store.Digests;
import io.redraft.store.RedisObject;
import io.redraft.store.ValueType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hash. Iteration is insertion order, which is exactly Redis's order while the hash is a
 * listpack; past hash-max-listpack-entries (128) or -value (64 bytes) Redis converts it to a
 * hashtable for good, and so does our reported encoding.
 */
public final class HashValue extends RedisObject {
    static final int MAX_LISTPACK_ENTRIES = 128;
    static final int MAX_LISTPACK_VALUE = 64;

    /**
     * While the hash is a listpack (at most 128 short fields), fields and values alternate in one
     * array searched linearly, as Redis searches its listpack: no map node and no wrapper per
     * field (about 3x less heap than a LinkedHashMap for a 5-field hash). Past the thresholds
     * the pairs move to {@link #map}, in the same order.
     */
    private byte[][] pairs = new byte[4][];
    private int n;
    private LinkedHashMap<Bytes, byte[]> map;
    private boolean hashtable;
    /** Fields in scan order while a paged HSCAN runs; dropped when a field is added or removed. */
    private Bytes[] scanOrder;

    private int indexOf(byte[] field) {
        for (int i = 0; i < n; i++) {
            if (java.util.Arrays.equals(pairs[2 * i], field)) {
                return i;
            }
        }
        return -1;
    }

    public byte[] get(Bytes field) {
        if (map != null) {
            return map.get(field);
        }
        int i = indexOf(field.array());
        return i < 0 ? null : pairs[2 * i + 1];
    }

    /** Sets a field; true if it was new. */
    public boolean put(Bytes field, byte[] value) {
        if (field.length() > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE) {
            hashtable = true;
        }
        boolean added;
        if (map != null) {
            added = map.put(field, value) == null;
            if (added) {
                scanOrder = null;
            }
        } else {
            int i = indexOf(field.array());
            added = i < 0;
            if (added) {
                if (2 * n + 2 > pairs.length) {
                    pairs = java.util.Arrays.copyOf(pairs, Math.max(4, pairs.length * 3 / 2 + 2));
                }
                pairs[2 * n] = field.array();
                pairs[2 * n + 1] = value;
                n++;
            } else {
                pairs[2 * i + 1] = value;
            }
        }
        if (size() > MAX_LISTPACK_ENTRIES) {
            hashtable = true;
        }
        if (hashtable && map == null) {
            toMap();
        }
        return added;
    }

    private void toMap() {
        map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(Bytes.wrap(pairs[2 * i]), pairs[2 * i + 1]);
        }
        pairs = null;
        n = 0;
    }

    /** Redis converts before inserting when any argument is too long for a listpack. */
    void noteArgumentLength(int len) {
        if (len > MAX_LISTPACK_VALUE) {
            hashtable = true;
            if (map == null) {
                toMap();
            }
        }
    }

    public boolean remove(Bytes field) {
        if (map != null) {
            scanOrder = null;
            return map.remove(field) != null;
        }
        int i = indexOf(field.array());
        if (i < 0) {
            return false;
        }
        System.arraycopy(pairs, 2 * i + 2, pairs, 2 * i, 2 * (n - i - 1));
        n--;
        pairs[2 * n] = null;
        pairs[2 * n + 1] = null;
        return true;
    }

    /** Whether HSCAN pages (hashtable encoding) or returns everything at once (listpack), as Redis. */
    public boolean pagedScan() {
        return map != null;
    }

    /** The fields in scan order (see {@link io.redraft.store.ElementScan}); only for {@link #pagedScan}. */
    public Bytes[] scanOrder() {
        Bytes[] o = scanOrder;
        if (o == null) {
            o = io.redraft.store.ElementScan.sort(map.keySet());
            scanOrder = o;
        }
        return o;
    }

    public int size() {
        return map != null ? map.size() : n;
    }

    public Iterable<Map.Entry<Bytes, byte[]>> entries() {
        return map != null ? map.entrySet() : entryList();
    }

    List<Map.Entry<Bytes, byte[]>> entryList() {
        if (map != null) {
            return new ArrayList<>(map.entrySet());
        }
        List<Map.Entry<Bytes, byte[]>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(Bytes.wrap(pairs[2 * i]), pairs[2 * i + 1]));
        }
        return out;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return hashtable ? "hashtable" : "listpack";
    }

    @Override
    public boolean isEmptyCollection() {
        return size() == 0;
    }

    @Override
    public RedisObject copy() {
        HashValue h = new HashValue();
        if (map != null) {
            h.map = new LinkedHashMap<>(map);
        } else {
            h.pairs = java.util.Arrays.copyOf(pairs, pairs.length);
            h.n = n;
        }
        h.hashtable = hashtable;
        return h;
    }

    @Override
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeBoolean(hashtable);
        out.writeInt(size());
        for (Map.Entry<Bytes, byte[]> e : entries()) {
            out.writeInt(e.getKey().length());
            out.write(e.getKey().array());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
    }

    /** Restores fields in their original order, so replies and random picks stay identical. */
    public static HashValue readFrom(java.io.DataInputStream in) throws java.io.IOException {
        HashValue h = new HashValue();
        boolean hashtable = in.readBoolean();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] f = new byte[in.readInt()];
            in.readFully(f);
            byte[] v = new byte[in.readInt()];
            in.readFully(v);
            h.put(Bytes.wrap(f), v);
        }
        h.hashtable = hashtable;
        if (hashtable && h.map == null) {
            h.toMap();
        }
        return h;
    }

    @Override
    public byte[] contentDigest() {
        byte[] acc = new byte[20];
        for (Map.Entry<Bytes, byte[]> e : entries()) {
            Digests.xorInto(acc, Digests.of(e.getKey().array(), e.getValue()));
        }
        return acc;
    }
}
