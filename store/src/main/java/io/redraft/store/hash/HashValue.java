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

    private final LinkedHashMap<Bytes, byte[]> map = new LinkedHashMap<>();
    private boolean hashtable;

    public byte[] get(Bytes field) {
        return map.get(field);
    }

    /** Sets a field; true if it was new. */
    public boolean put(Bytes field, byte[] value) {
        if (field.length() > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE) {
            hashtable = true;
        }
        boolean added = map.put(field, value) == null;
        if (map.size() > MAX_LISTPACK_ENTRIES) {
            hashtable = true;
        }
        return added;
    }

    /** Redis converts before inserting when any argument is too long for a listpack. */
    void noteArgumentLength(int len) {
        if (len > MAX_LISTPACK_VALUE) {
            hashtable = true;
        }
    }

    public boolean remove(Bytes field) {
        return map.remove(field) != null;
    }

    public int size() {
        return map.size();
    }

    public Iterable<Map.Entry<Bytes, byte[]>> entries() {
        return map.entrySet();
    }

    List<Map.Entry<Bytes, byte[]>> entryList() {
        return new ArrayList<>(map.entrySet());
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
        return map.isEmpty();
    }

    @Override
    public RedisObject copy() {
        HashValue h = new HashValue();
        h.map.putAll(map);
        h.hashtable = hashtable;
        return h;
    }

    @Override
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeBoolean(hashtable);
        out.writeInt(map.size());
        for (Map.Entry<Bytes, byte[]> e : map.entrySet()) {
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
            h.map.put(Bytes.wrap(f), v);
        }
        h.hashtable = hashtable;
        return h;
    }

    @Override
    public byte[] contentDigest() {
        byte[] acc = new byte[20];
        for (Map.Entry<Bytes, byte[]> e : map.entrySet()) {
            Digests.xorInto(acc, Digests.of(e.getKey().array(), e.getValue()));
        }
        return acc;
    }
}
