package io.redraft.store.rdb;

import io.redraft.store.Bytes;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes one RDB value of any type Redis has written for strings, lists, sets, sorted sets and
 * hashes into our value classes (through their public methods, so encodings are re-derived as
 * on a Redis load). Returns null for an empty collection, which Redis drops too. Structural
 * problems inside a blob are IllegalArgumentExceptions; the reader adds offset and key.
 */
final class ValueDecoder {
    private ValueDecoder() {
    }

    static RedisObject read(RdbInput in, int type, String what) throws IOException {
        switch (type) {
            case Rdb.TYPE_STRING:
                return new StringValue(in.readString(what));
            case Rdb.TYPE_LIST: {
                long n = in.readLength(what);
                ListValue l = new ListValue();
                for (long i = 0; i < n; i++) {
                    l.pushTail(in.readString(what));
                }
                return l.size() == 0 ? null : l;
            }
            case Rdb.TYPE_LIST_ZIPLIST:
                return list(Ziplist.decode(in.readString(what)), null);
            case Rdb.TYPE_LIST_QUICKLIST:
            case Rdb.TYPE_LIST_QUICKLIST_2: {
                long nodes = in.readLength(what);
                ListValue l = new ListValue();
                for (long i = 0; i < nodes; i++) {
                    long container = Rdb.QUICKLIST_NODE_PACKED;
                    if (type == Rdb.TYPE_LIST_QUICKLIST_2) {
                        container = in.readLength("a quicklist node container");
                    }
                    byte[] blob = in.readString(what);
                    if (container == Rdb.QUICKLIST_NODE_PLAIN) {
                        l.pushTail(blob);
                    } else if (container == Rdb.QUICKLIST_NODE_PACKED) {
                        list(type == Rdb.TYPE_LIST_QUICKLIST ? Ziplist.decode(blob) : Listpack.decode(blob), l);
                    } else {
                        throw new IllegalArgumentException("unknown quicklist node container " + container);
                    }
                }
                return l.size() == 0 ? null : l;
            }
            case Rdb.TYPE_SET: {
                long n = in.readLength(what);
                SetValue s = new SetValue();
                for (long i = 0; i < n; i++) {
                    addMember(s, in.readString(what));
                }
                return s.size() == 0 ? null : s;
            }
            case Rdb.TYPE_SET_INTSET:
                return set(Intset.decode(in.readString(what)));
            case Rdb.TYPE_SET_LISTPACK:
                return set(Listpack.decode(in.readString(what)));
            case Rdb.TYPE_ZSET:
            case Rdb.TYPE_ZSET_2: {
                long n = in.readLength(what);
                List<byte[]> members = new java.util.ArrayList<>();
                List<Double> scores = new java.util.ArrayList<>();
                for (long i = 0; i < n; i++) {
                    members.add(in.readString(what));
                    scores.add(type == Rdb.TYPE_ZSET_2 ? in.readBinaryDouble(what) : in.readTextDouble(what));
                }
                return zset(members, scores);
            }
            case Rdb.TYPE_ZSET_ZIPLIST:
                return zset(Ziplist.decode(in.readString(what)));
            case Rdb.TYPE_ZSET_LISTPACK:
                return zset(Listpack.decode(in.readString(what)));
            case Rdb.TYPE_HASH: {
                long n = in.readLength(what);
                HashValue h = new HashValue();
                for (long i = 0; i < n; i++) {
                    byte[] f = in.readString(what);
                    addField(h, f, in.readString(what));
                }
                return h.size() == 0 ? null : h;
            }
            case Rdb.TYPE_HASH_ZIPLIST:
                return hash(Ziplist.decode(in.readString(what)));
            case Rdb.TYPE_HASH_LISTPACK:
                return hash(Listpack.decode(in.readString(what)));
            case Rdb.TYPE_STREAM_LISTPACKS:
            case Rdb.TYPE_STREAM_LISTPACKS_2:
            case Rdb.TYPE_STREAM_LISTPACKS_3:
                return StreamRdb.read(in, type, what);
            default:
                throw new IllegalArgumentException("value type " + type + " (" + Rdb.typeName(type)
                        + ") is not supported by Redraft");
        }
    }

    private static ListValue list(List<byte[]> items, ListValue into) {
        ListValue l = into == null ? new ListValue() : into;
        for (byte[] item : items) {
            l.pushTail(item);
        }
        return into == null && l.size() == 0 ? null : l;
    }

    private static SetValue set(List<byte[]> members) {
        SetValue s = new SetValue();
        for (byte[] m : members) {
            addMember(s, m);
        }
        return s.size() == 0 ? null : s;
    }

    private static void addMember(SetValue s, byte[] m) {
        if (!s.add(Bytes.wrap(m))) {
            throw new IllegalArgumentException("duplicate set member '" + RdbReader.printable(m) + "'");
        }
    }

    private static ZSetValue zset(List<byte[]> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("odd number of sorted set listpack entries");
        }
        List<byte[]> members = new java.util.ArrayList<>();
        List<Double> scores = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            members.add(pairs.get(i));
            scores.add(parseScore(pairs.get(i + 1)));
        }
        return zset(members, scores);
    }

    /** Sized up front as Redis's load does, so a large zset keeps -0 scores a listpack would flatten. */
    private static ZSetValue zset(List<byte[]> members, List<Double> scores) {
        long maxLen = 0;
        for (byte[] m : members) {
            maxLen = Math.max(maxLen, m.length);
        }
        ZSetValue z = ZSetValue.create(members.size(), maxLen);
        for (int i = 0; i < members.size(); i++) {
            addScored(z, members.get(i), scores.get(i));
        }
        return z.size() == 0 ? null : z;
    }

    private static void addScored(ZSetValue z, byte[] m, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("NaN score for member '" + RdbReader.printable(m) + "'");
        }
        Bytes member = Bytes.wrap(m);
        if (z.score(member) != null) {
            throw new IllegalArgumentException("duplicate sorted set member '" + RdbReader.printable(m) + "'");
        }
        z.put(member, score);
    }

    /** A listpack/ziplist score: integer or %.17g text, with Redis's inf spellings. */
    private static double parseScore(byte[] b) {
        String s = new String(b, StandardCharsets.US_ASCII);
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad score text '" + s + "'");
                }
        }
    }

    private static HashValue hash(List<byte[]> pairs) {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hash listpack entries");
        }
        HashValue h = new HashValue();
        for (int i = 0; i < pairs.size(); i += 2) {
            addField(h, pairs.get(i), pairs.get(i + 1));
        }
        return h.size() == 0 ? null : h;
    }

    private static void addField(HashValue h, byte[] f, byte[] v) {
        if (!h.put(Bytes.wrap(f), v)) {
            throw new IllegalArgumentException("duplicate hash field '" + RdbReader.printable(f) + "'");
        }
    }
}
