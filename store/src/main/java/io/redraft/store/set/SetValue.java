package io.redraft.store.set;

import io.redraft.store.Bytes;
import io.redraft.store.Digests;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.ValueType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A set: members in a dense array (for O(1) random picks) plus a position index. Encoding
 * follows Redis 7.2: intset while every member is an integer and there are at most 512,
 * listpack while at most 128 members of at most 64 bytes, else hashtable; never back.
 */
public final class SetValue extends RedisObject {
    static final int MAX_INTSET = 512;
    static final int MAX_LISTPACK_ENTRIES = 128;
    static final int MAX_LISTPACK_VALUE = 64;

    private enum Enc { INTSET, LISTPACK, HASHTABLE }

    private final ArrayList<Bytes> members = new ArrayList<>();
    private final HashMap<Bytes, Integer> index = new HashMap<>();
    private Enc enc = Enc.INTSET;
    /** Members in scan order while a paged SSCAN runs; dropped when a member is added or removed. */
    private Bytes[] scanOrder;
    /** The intset's ascending order while replies read it; dropped when a member is added or removed. */
    private List<Bytes> intsetOrder;

    public boolean contains(Bytes m) {
        return index.containsKey(m);
    }

    public boolean add(Bytes m) {
        if (index.containsKey(m)) {
            return false;
        }
        index.put(m, members.size());
        members.add(m);
        scanOrder = null;
        intsetOrder = null;
        updateEncoding(m);
        return true;
    }

    private void updateEncoding(Bytes added) {
        int n = members.size();
        if (enc == Enc.INTSET && (!Nums.isLong(added.array()) || n > MAX_INTSET)) {
            enc = n <= MAX_LISTPACK_ENTRIES && allShort() ? Enc.LISTPACK : Enc.HASHTABLE;
        }
        if (enc == Enc.LISTPACK && (n > MAX_LISTPACK_ENTRIES || added.length() > MAX_LISTPACK_VALUE)) {
            enc = Enc.HASHTABLE;
        }
    }

    private boolean allShort() {
        for (Bytes m : members) {
            if (m.length() > MAX_LISTPACK_VALUE) {
                return false;
            }
        }
        return true;
    }

    public boolean remove(Bytes m) {
        Integer i = index.remove(m);
        if (i == null) {
            return false;
        }
        scanOrder = null;
        intsetOrder = null;
        Bytes last = members.remove(members.size() - 1);
        if (i < members.size()) {
            members.set(i, last);
            index.put(last, i);
        }
        return true;
    }

    /** Whether SSCAN pages (hashtable encoding) or returns everything at once (intset, listpack), as Redis. */
    public boolean pagedScan() {
        return enc == Enc.HASHTABLE;
    }

    /** The members in scan order (see {@link io.redraft.store.ElementScan}). */
    public Bytes[] scanOrder() {
        Bytes[] o = scanOrder;
        if (o == null) {
            o = io.redraft.store.ElementScan.sort(members);
            scanOrder = o;
        }
        return o;
    }

    public int size() {
        return members.size();
    }

    public Bytes random(SplittableRandom rnd) {
        return members.get(rnd.nextInt(members.size()));
    }

    /**
     * Members in the order Redis replies with them: ascending while the set is an intset (Redis
     * keeps an intset sorted), else the internal order. Only replies read it; random picks and
     * everything that writes use {@link #members()}, whose order does not depend on the encoding
     * (a replica restored from a snapshot may encode a set differently, never order it so).
     */
    public List<Bytes> replyOrder() {
        if (enc != Enc.INTSET) {
            return members;
        }
        List<Bytes> o = intsetOrder;
        if (o == null) {
            Bytes[] sorted = members.toArray(new Bytes[0]);
            java.util.Arrays.sort(sorted, java.util.Comparator.comparingLong(b -> Nums.parseLong(b.array())));
            o = java.util.Collections.unmodifiableList(java.util.Arrays.asList(sorted));
            intsetOrder = o;
        }
        return o;
    }

    /** Whether replies list this set in ascending order (intset encoding). */
    public boolean isIntset() {
        return enc == Enc.INTSET;
    }

    /** Members in internal order (deterministic for a given history). */
    public List<Bytes> members() {
        return members;
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return switch (enc) {
            case INTSET -> "intset";
            case LISTPACK -> "listpack";
            case HASHTABLE -> "hashtable";
        };
    }

    @Override
    public boolean isEmptyCollection() {
        return members.isEmpty();
    }

    @Override
    public RedisObject copy() {
        SetValue s = new SetValue();
        members.forEach(s::add);
        s.enc = enc;
        return s;
    }

    @Override
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeByte(enc.ordinal());
        out.writeInt(members.size());
        for (Bytes m : members) {
            out.writeInt(m.length());
            out.write(m.array());
        }
    }

    /** Restores members in their original order: SPOP/SRANDMEMBER picks depend on it. */
    public static SetValue readFrom(java.io.DataInputStream in) throws java.io.IOException {
        SetValue s = new SetValue();
        Enc enc = Enc.values()[in.readUnsignedByte()];
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[in.readInt()];
            in.readFully(m);
            s.add(Bytes.wrap(m));
        }
        s.enc = enc;
        return s;
    }

    @Override
    public byte[] contentDigest() {
        byte[] acc = new byte[20];
        for (Bytes m : members) {
            Digests.xorInto(acc, Digests.of(m.array()));
        }
        return acc;
    }
}
