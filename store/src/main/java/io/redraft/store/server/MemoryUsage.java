package io.redraft.store.server;

import io.redraft.store.Bytes;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.Errors;
import io.redraft.store.Nums;
import io.redraft.store.RedisObject;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.stream.StreamMemory;
import io.redraft.store.stream.StreamValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;
import java.util.Map;

/**
 * MEMORY USAGE key [SAMPLES n]: the figure redis-server 7.0 would report for the same key and
 * value. The JVM's own footprint of a value says nothing an operator can compare with Redis, so
 * this lays the value out as Redis 7.0 would, with the store's thresholds for each encoding
 * (Redis 7.2's defaults) but 7.0's structures (lists always a quicklist, sets an intset or a
 * hashtable: 7.0 has no listpack lists or sets), and sizes
 * each allocation by jemalloc's classes. As Redis does, collections held in a dict, a skiplist
 * or a list of nodes are measured on {@code n} elements (default 5, 0 for all) and scaled to
 * their size; listpacks, intsets and strings are measured whole. Redis samples a dict in its
 * hash order, in effect at random; here the samples are spread evenly over the members, which
 * no insertion order can bias.
 */
final class MemoryUsage {
    private MemoryUsage() {}

    /** sizeof in Redis 7.0 (64-bit): robj, dictEntry, dict, quicklist, quicklistNode, zset + zskiplist, stream. */
    private static final long ROBJ = 16, DICT_ENTRY = 24, DICT = 56, QUICKLIST = 40, QUICKLIST_NODE = 40,
            ZSET = 16 + 32, STREAM = 80;
    /** list-max-listpack-size -2: a quicklist node's listpack holds up to 8 kB. */
    private static final int LIST_NODE_BYTES = 8192;
    private static final long LIST_LAYOUT_LIMIT = 1 << 17;
    private static final long STREAM_PREALLOC = 4096;
    /** A skiplist header: 32 levels. */
    private static final long ZSL_HEADER = jemalloc(24 + 32 * 16);
    /** The expected allocation of a skiplist node: levels drawn with p = 1/4 (zslRandomLevel). */
    private static final double ZSL_NODE = expectedNode();

    static void usage(Call c) {
        long samples = 5;
        for (int j = 3; j < c.argc(); j++) {
            if (c.argIs(j, "samples") && j + 1 < c.argc()) {
                Long n = Nums.parseLongOr(c.arg(j + 1), null);
                if (n == null) throw new CommandError(Errors.NOT_INTEGER);
                if (n < 0) throw Errors.syntax();
                samples = n == 0 ? Long.MAX_VALUE : n;
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        Bytes key = c.key(2);
        RedisObject o = c.ks().peek(key, c.now());
        if (o == null) {
            c.out().nullBulk();
            return;
        }
        c.out().integer(DICT_ENTRY + sds(key.length()) + value(o, samples));
    }

    /** An sds as sdsnewlen allocates it: the smallest header for the length, the bytes, a NUL. */
    static long sds(long len) {
        long hdr = len == 0 ? 3 : len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < (1L << 32) ? 9 : 17;
        return jemalloc(hdr + len + 1);
    }

    static long value(RedisObject o, long samples) {
        if (o instanceof StringValue s) return string(s);
        if (o instanceof ListValue l) return list(l, samples);
        if (o instanceof SetValue s) return set(s, samples);
        if (o instanceof HashValue h) return hash(h, samples);
        if (o instanceof ZSetValue z) return zset(z, samples);
        if (o instanceof StreamValue s) return stream(StreamMemory.of(s), samples);
        return ROBJ;
    }

    private static long string(StringValue s) {
        long len = s.bytes().length;
        return switch (s.encoding()) {
            case "int" -> ROBJ;
            case "embstr" -> jemalloc(ROBJ + 3 + len + 1);
            default -> s.origin() == StringValue.Origin.RAW && len < (1 << 20)
                    // APPEND and SETRANGE grow the sds greedily: room for twice the new length
                    ? ROBJ + sds(2 * len)
                    : ROBJ + sds(len);
        };
    }

    /**
     * A quicklist of listpack nodes filled as Redis 7.0 fills them (list-max-listpack-size -2),
     * the first {@code samples} nodes averaged over the node count as Redis does. A list longer
     * than {@link #LIST_LAYOUT_LIMIT} is laid out only up to its sampled nodes and its node count
     * extrapolated from their elements, so that one command never walks millions of elements.
     */
    private static long list(ListValue l, long samples) {
        long n = l.size(), nodes = 0, sampled = 0, sampledBytes = 0, node = 0;
        for (int i = 0; i < n; i++) {
            byte[] v = l.get(i);
            long sz = v.length;
            long overhead = (sz < 254 ? 1 : 5) + (sz < 64 ? 1 : sz < 16384 ? 2 : 5);
            if (node == 0 || node + sz + overhead > LIST_NODE_BYTES) {
                if (node != 0 && sampled < samples) {
                    sampledBytes += QUICKLIST_NODE + jemalloc(node);
                    if (++sampled == samples && n > LIST_LAYOUT_LIMIT) {
                        nodes = (long) Math.ceil((double) n * sampled / i);
                        return ROBJ + QUICKLIST + (long) ((double) sampledBytes / sampled * nodes);
                    }
                }
                nodes++;
                node = 7;
            }
            node += lpEntry(v);
        }
        if (node != 0 && sampled < samples) {
            sampledBytes += QUICKLIST_NODE + jemalloc(node);
            sampled++;
        }
        return ROBJ + QUICKLIST + (sampled == 0 ? 0 : (long) ((double) sampledBytes / sampled * nodes));
    }

    private static long set(SetValue s, long samples) {
        if (s.isIntset()) {
            int width = 2;
            for (Bytes m : s.members()) {
                long v = Nums.parseLong(m.array());
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) width = Math.max(width, 4);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) width = 8;
            }
            return ROBJ + jemalloc(8 + (long) width * s.size());
        }
        java.util.List<Bytes> members = s.members();
        long n = members.size(), k = Math.min(samples, n), bytes = 0;
        for (long i = 0; i < k; i++) {
            bytes += DICT_ENTRY + sds(members.get((int) (i * n / k)).length());
        }
        return ROBJ + DICT + 8 * slots(n) + scaled(bytes, k, n);
    }

    private static long hash(HashValue h, long samples) {
        if (h.encoding().equals("listpack")) {
            long lp = 7;
            for (Map.Entry<Bytes, byte[]> e : h.entries()) lp += lpEntry(e.getKey().array()) + lpEntry(e.getValue());
            return ROBJ + jemalloc(lp);
        }
        long n = h.size(), k = Math.min(samples, n), bytes = 0, i = 0, next = 0, sampled = 0;
        for (Map.Entry<Bytes, byte[]> e : h.entries()) {
            if (sampled >= k) break;
            if (i++ != next) continue;
            bytes += DICT_ENTRY + sds(e.getKey().length()) + sds(e.getValue().length);
            sampled++;
            next = sampled * n / k;
        }
        return ROBJ + DICT + 8 * slots(n) + scaled(bytes, sampled, n);
    }

    private static long zset(ZSetValue z, long samples) {
        boolean listpack = z.encoding().equals("listpack");
        long[] lp = {7};
        double[] bytes = {0};
        long[] sampled = {0};
        z.forEachInOrder((m, score) -> {
            if (listpack) {
                lp[0] += lpEntry(m.array()) + lpEntry(ZSetValue.listpackScore(score).getBytes(
                        java.nio.charset.StandardCharsets.ISO_8859_1));
            } else if (sampled[0] < samples) {
                bytes[0] += sds(m.length()) + DICT_ENTRY + ZSL_NODE;
                sampled[0]++;
            }
        });
        if (listpack) return ROBJ + jemalloc(lp[0]);
        long n = z.size();
        return ROBJ + ZSET + DICT + 8 * slots(n) + ZSL_HEADER + (sampled[0] == 0 ? 0 : (long) (bytes[0] / sampled[0] * n));
    }

    /**
     * As Redis 7.0 measures a stream: the radix tree by its node count, the first listpacks
     * averaged over all but the last, the last one whole, and for each group its PEL's entries
     * and every consumer's PEL. A node's listpack is preallocated to 4096 bytes and shrunk to
     * fit once the next node starts, so only the last one holds the preallocation.
     */
    private static long stream(StreamMemory m, long samples) {
        long size = ROBJ + STREAM + rax(m.nodeBytes().length, m.raxNodes());
        long[] nodes = m.nodeBytes();
        long sampled = 0, bytes = 0;
        for (int i = 0; i < nodes.length && sampled < samples; i++, sampled++) {
            bytes += listpackAlloc(nodes, i);
        }
        if (nodes.length <= sampled) {
            size += bytes;
        } else {
            size += (sampled == 0 ? 0 : bytes / sampled) * (nodes.length - 1) + listpackAlloc(nodes, nodes.length - 1);
        }
        for (StreamMemory.Group g : m.groups()) {
            size += 40 + rax(g.pelSize(), g.pelRaxNodes()) + 24 * g.pelSize();
            for (StreamMemory.Member c : g.consumers()) {
                size += 24 + c.nameLength() + rax(c.pelSize(), c.pelRaxNodes());
            }
        }
        return size;
    }

    private static long listpackAlloc(long[] nodes, int i) {
        long fit = jemalloc(nodes[i]);
        return i == nodes.length - 1 ? Math.max(STREAM_PREALLOC, fit) : fit;
    }

    /** Redis's rough figure for a stream radix tree: 16 bytes a key, a header and 30 words a node. */
    private static long rax(long keys, long nodes) {
        return keys * 16 + nodes * (4 + 8 * 30);
    }

    private static long scaled(long bytes, long sampled, long n) {
        return sampled == 0 ? 0 : (long) ((double) bytes / sampled * n);
    }

    /** A dict's table: a power of two at least its size (it grows when full), 4 at least. */
    private static long slots(long n) {
        long b = 4;
        while (b < n) b <<= 1;
        return b;
    }

    /** One listpack entry as lpAppend stores it: an integer when the text is one, back-length included. */
    static long lpEntry(byte[] s) {
        Long v = s.length <= 20 ? Nums.parseLongOr(s, null) : null;
        long enc;
        if (v != null) {
            long x = v;
            enc = x >= 0 && x <= 127 ? 1 : x >= -4096 && x <= 4095 ? 2 : x >= -32768 && x <= 32767 ? 3
                    : x >= -8388608 && x <= 8388607 ? 4 : x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE ? 5 : 9;
        } else {
            long n = s.length;
            enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
        }
        return enc + (enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5);
    }

    private static double expectedNode() {
        double sum = 0, p = 0.75;
        for (int level = 1; level <= 32; level++) {
            sum += p * jemalloc(24 + 16L * level);
            p *= 0.25;
        }
        return sum;
    }

    /** jemalloc's size classes: 8, then steps of 16 up to 128, then four classes per power of two. */
    static long jemalloc(long size) {
        if (size <= 8) return 8;
        if (size <= 128) return (size + 15) / 16 * 16;
        long pow = Long.highestOneBit(size - 1);
        long step = pow / 4;
        return (size + step - 1) / step * step;
    }
}
