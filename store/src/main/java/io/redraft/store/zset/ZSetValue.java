package io.redraft.store.zset;

import io.redraft.store.Bytes;
import io.redraft.store.Digests;
import io.redraft.store.RedisObject;
import io.redraft.store.ValueType;

import java.util.HashMap;

/**
 * A sorted set: member → score map plus the {@link SkipList} order. Reported encoding is
 * listpack up to zset-max-listpack-entries (128) members of at most 64 bytes, skiplist after
 * (kept even when it shrinks, as Redis).
 */
public final class ZSetValue extends RedisObject {
    static final int MAX_LISTPACK_ENTRIES = 128;
    static final int MAX_LISTPACK_VALUE = 64;

    final HashMap<Bytes, Double> dict = new HashMap<>();
    final SkipList zsl = new SkipList();
    private boolean skiplist;
    /** Members in scan order while a paged ZSCAN runs; dropped when a member is added or removed. */
    private Bytes[] scanOrder;

    /** A zset for {@code elements} members of at most {@code maxLen} bytes (zsetTypeCreate). */
    public static ZSetValue create(long elements, long maxLen) {
        ZSetValue z = new ZSetValue();
        z.skiplist = elements > MAX_LISTPACK_ENTRIES || maxLen > MAX_LISTPACK_VALUE;
        return z;
    }

    /** The members in scan order (see {@link io.redraft.store.ElementScan}). */
    Bytes[] scanOrder() {
        Bytes[] o = scanOrder;
        if (o == null) {
            o = io.redraft.store.ElementScan.sort(dict.keySet());
            scanOrder = o;
        }
        return o;
    }

    public int size() {
        return dict.size();
    }

    public Double score(Bytes member) {
        return dict.get(member);
    }

    /** Inserts or moves a member. */
    void set(Bytes member, double score) {
        Double cur = dict.get(member);
        if (cur != null) {
            if (cur == score) { // C equality: -0 and 0 are the same score, no move
                return;
            }
            zsl.delete(cur, member);
        } else if (!skiplist && (dict.size() + 1 > MAX_LISTPACK_ENTRIES || member.length() > MAX_LISTPACK_VALUE)) {
            skiplist = true;
        }
        if (!skiplist && score == 0) {
            score = 0.0; // a listpack stores the score as text, where Redis writes -0 as "0"
        }
        if (dict.put(member, score) == null) {
            scanOrder = null;
        }
        zsl.insert(score, member);
    }

    /** Adds or re-scores a member as ZADD does (loading an RDB file). */
    public void put(Bytes member, double score) {
        set(member, score);
    }

    /** Every member with its score in rank order (writing an RDB file). */
    public void forEachInOrder(java.util.function.ObjDoubleConsumer<Bytes> action) {
        for (SkipList.Node n = zsl.first(); n != null; n = n.next()) {
            action.accept(n.member, n.score);
        }
    }

    /**
     * Visits members with {@code min <= score < max} in rank order until the visitor returns
     * false (GEO searches read one geohash box at a time).
     */
    public void forEachInScoreRange(double min, double max, java.util.function.BiPredicate<Bytes, Double> visitor) {
        ScoreRange r = new ScoreRange(min, max, false, true);
        for (SkipList.Node n = zsl.firstInRange(r); n != null && r.lteMax(n.score); n = n.next()) {
            if (!visitor.test(n.member, n.score)) {
                return;
            }
        }
    }

    boolean remove(Bytes member) {
        Double cur = dict.remove(member);
        if (cur == null) {
            return false;
        }
        scanOrder = null;
        zsl.delete(cur, member);
        return true;
    }

    /** zsetConvertToListpackIfNeeded: results of STORE commands may start compact again. */
    void fitEncoding() {
        long maxLen = 0;
        for (Bytes m : dict.keySet()) {
            maxLen = Math.max(maxLen, m.length());
        }
        skiplist = dict.size() > MAX_LISTPACK_ENTRIES || maxLen > MAX_LISTPACK_VALUE;
        if (!skiplist) {
            for (var e : new java.util.ArrayList<>(dict.entrySet())) {
                if (e.getValue() == 0 && Double.doubleToRawLongBits(e.getValue()) != 0) {
                    remove(e.getKey());
                    set(e.getKey(), 0.0);
                }
            }
        }
    }

    boolean isListpack() {
        return !skiplist;
    }

    /**
     * A score as a listpack holds it (Redis 7.0's d2string): integral values within ±2^62
     * (double2ll's safe range) print as integers, the rest as %.17g.
     */
    /** The score as a listpack zset stores it (d2string; integral values as integers). */
    public static String listpackScore(double d) {
        if (d == Math.rint(d) && d >= -0x1p62 && d <= 0x1p62) {
            return Long.toString((long) d);
        }
        return io.redraft.resp.DoubleFormat.g17(d);
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return skiplist ? "skiplist" : "listpack";
    }

    @Override
    public boolean isEmptyCollection() {
        return dict.isEmpty();
    }

    @Override
    public RedisObject copy() {
        ZSetValue z = new ZSetValue();
        for (SkipList.Node n = zsl.first(); n != null; n = n.next()) {
            z.dict.put(n.member, n.score);
            z.zsl.insert(n.score, n.member);
        }
        z.skiplist = skiplist;
        return z;
    }

    @Override
    public void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeBoolean(skiplist);
        out.writeInt(dict.size());
        for (SkipList.Node n = zsl.first(); n != null; n = n.next()) {
            out.writeInt(n.member.length());
            out.write(n.member.array());
            out.writeLong(Double.doubleToRawLongBits(n.score));
        }
    }

    public static ZSetValue readFrom(java.io.DataInputStream in) throws java.io.IOException {
        ZSetValue z = new ZSetValue();
        z.skiplist = in.readBoolean();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] m = new byte[in.readInt()];
            in.readFully(m);
            double score = Double.longBitsToDouble(in.readLong());
            z.dict.put(Bytes.wrap(m), score);
            z.zsl.insert(score, Bytes.wrap(m));
        }
        return z;
    }

    @Override
    public byte[] contentDigest() {
        byte[] acc = new byte[20];
        for (var e : dict.entrySet()) {
            byte[] score = Long.toString(Double.doubleToLongBits(e.getValue())).getBytes();
            Digests.xorInto(acc, Digests.of(e.getKey().array(), score));
        }
        return acc;
    }
}
