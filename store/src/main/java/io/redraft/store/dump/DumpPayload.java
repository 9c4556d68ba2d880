package io.redraft.store.dump;

import io.redraft.store.Bytes;
import io.redraft.store.Keyspace;
import io.redraft.store.RedisObject;
import io.redraft.store.rdb.Crc64;
import io.redraft.store.rdb.Lzf;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;

import io.redraft.store.Nums;
import io.redraft.store.hash.HashValue;
import io.redraft.store.list.ListValue;
import io.redraft.store.set.SetValue;
import io.redraft.store.stream.StreamCodec;
import io.redraft.store.stream.StreamValue;
import io.redraft.store.string.StringValue;
import io.redraft.store.zset.ZSetValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * DUMP's payload: one value in RDB serialization (type byte + value), the 2-byte RDB version
 * (10, little endian) and the CRC64 (Jones, as RDB files) of all that, little endian.
 *
 * <p>The value codec is the rdb package's: for DUMP a one-key RDB file is written and the value
 * bytes cut out of it; RESTORE reads the value alone ({@code RdbReader.readValue}). When rdb
 * exposes a per-value encoder DUMP becomes a direct call too; the bytes do not change.
 */
final class DumpPayload {
    static final int RDB_VERSION = 10;
    private static final int OPCODE_AUX = 0xFA;
    private static final int OPCODE_RESIZEDB = 0xFB;
    private static final int OPCODE_SELECTDB = 0xFE;
    private static final int OPCODE_EOF = 0xFF;
    /** Highest object type Redis 7.0 loads (stream listpacks 2); opcodes start at 0xF5. */
    private static final int MAX_TYPE = 19;
    private static final int TYPE_STRING = 0;
    private static final int TYPE_SET_INTSET = 11;
    private static final int TYPE_HASH_LISTPACK = 16;
    private static final int TYPE_ZSET_LISTPACK = 17;
    private static final int TYPE_LIST_QUICKLIST_2 = 18;
    private static final int TYPE_STREAM_LISTPACKS_2 = 19;
    /** quicklist.h QUICKLIST_NODE_CONTAINER_PACKED: the node holds a listpack. */
    private static final int QUICKLIST_PACKED = 2;

    private DumpPayload() {
    }

    /**
     * DUMP's payload. Small collections are written in the compact forms Redis 7.0 keeps them
     * in (listpack hash/zset, single-node quicklist of a listpack, intset), so the payload is
     * byte-identical to redis-server's; strings already are (integer and LZF encodings as
     * rdbSaveRawString). Larger collections use plain RDB types (Redis's own bytes depend on its
     * hash tables' order and node history), which Redis RESTOREs all the same.
     */
    static byte[] dump(Bytes key, RedisObject value) {
        byte[] body = compactBody(value);
        return seal(body != null ? body : rdbBody(key, value));
    }

    private static byte[] compactBody(RedisObject value) {
        return switch (value) {
            case StringValue s -> typed(TYPE_STRING, rdbString(s.bytes()));
            case HashValue h when h.encoding().equals("listpack") -> {
                List<byte[]> entries = new ArrayList<>();
                for (Map.Entry<Bytes, byte[]> e : h.entries()) {
                    entries.add(e.getKey().array());
                    entries.add(e.getValue());
                }
                yield typed(TYPE_HASH_LISTPACK, rdbString(CompactForms.listpack(entries)));
            }
            case ZSetValue z when z.encoding().equals("listpack") -> {
                List<byte[]> entries = new ArrayList<>();
                z.forEachInOrder((m, score) -> {
                    entries.add(m.array());
                    entries.add(ZSetValue.listpackScore(score).getBytes(StandardCharsets.US_ASCII));
                });
                yield typed(TYPE_ZSET_LISTPACK, rdbString(CompactForms.listpack(entries)));
            }
            case SetValue s when s.encoding().equals("intset") -> {
                long[] v = new long[s.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Nums.parseLong(s.members().get(i).array());
                }
                yield typed(TYPE_SET_INTSET, rdbString(CompactForms.intset(v)));
            }
            case ListValue l when l.encoding().equals("listpack") -> {
                List<byte[]> entries = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    entries.add(l.get(i));
                }
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(CompactForms.rdbLength(1)); // one quicklist node
                b.writeBytes(CompactForms.rdbLength(QUICKLIST_PACKED));
                b.writeBytes(rdbString(CompactForms.listpack(entries)));
                yield typed(TYPE_LIST_QUICKLIST_2, b.toByteArray());
            }
            case StreamValue st -> typed(TYPE_STREAM_LISTPACKS_2, stream(st));
            default -> null;
        };
    }

    /**
     * What {@link #dump} puts before the version and CRC, written to {@code out} as it is made, for
     * a value too big to hold its payload twice: strings and streams directly, plain collections
     * through the rdb package's per-value encoder, compact ones (small by definition) whole.
     */
    static void writeBody(RedisObject value, OutputStream out) throws IOException {
        switch (value) {
            case StringValue s -> {
                out.write(TYPE_STRING);
                writeRdbString(s.bytes(), out);
            }
            case StreamValue st -> {
                out.write(TYPE_STREAM_LISTPACKS_2);
                stream(st, out);
            }
            default -> {
                byte[] body = compactBody(value);
                if (body != null) {
                    out.write(body);
                } else {
                    RdbWriter.writeValue(value, out);
                }
            }
        }
    }

    /** {@link #rdbString} without a copy of a long string: LZF counted first, then streamed. */
    private static void writeRdbString(byte[] s, OutputStream out) throws IOException {
        if (s.length <= 20) {
            out.write(rdbString(s));
            return;
        }
        int clen = LzfStream.count(s, s.length - 4);
        if (clen >= 0) {
            out.write(0xC3);
            out.write(CompactForms.rdbLength(clen));
            out.write(CompactForms.rdbLength(s.length));
            LzfStream.write(s, s.length - 4, out);
            return;
        }
        out.write(CompactForms.rdbLength(s.length));
        out.write(s);
    }

    /** A stream body as Redis 7.0 writes it, its strings through the exact LZF of {@link #rdbString}. */
    private static byte[] stream(StreamValue s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            stream(s, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static void stream(StreamValue s, OutputStream b) throws IOException {
        StreamCodec.write(s, new StreamCodec.Sink() {
            @Override
            public void length(long v) throws IOException {
                if (v < 0) { // unsigned 64-bit: IDs past 2^63, entries-read -1
                    b.write(0x81);
                    for (int i = 7; i >= 0; i--) {
                        b.write((int) (v >>> (8 * i)));
                    }
                } else {
                    b.write(CompactForms.rdbLength(v));
                }
            }

            @Override
            public void string(byte[] str) throws IOException {
                b.write(rdbString(str));
            }

            @Override
            public void raw(byte[] raw) throws IOException {
                b.write(raw);
            }

            @Override
            public void millis(long v) throws IOException {
                for (int i = 0; i < 8; i++) {
                    b.write((int) (v >>> (8 * i)));
                }
            }
        });
    }

    private static byte[] typed(int type, byte[] value) {
        byte[] out = new byte[1 + value.length];
        out[0] = (byte) type;
        System.arraycopy(value, 0, out, 1, value.length);
        return out;
    }

    /**
     * A string as rdbSaveRawString writes it: a canonical integer of at most 11 characters that
     * fits in 32 bits as an integer encoding, else LZF (liblzf's exact bytes) past 20 bytes when
     * it saves at least 4, else length and bytes.
     */
    static byte[] rdbString(byte[] s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length + 9);
        if (s.length > 0 && s.length <= 11) {
            Long v = Nums.parseLongOr(s, null);
            if (v != null && Long.toString(v).equals(new String(s, StandardCharsets.ISO_8859_1))) {
                long x = v;
                if (x >= Byte.MIN_VALUE && x <= Byte.MAX_VALUE) {
                    b.write(0xC0);
                    b.write((int) x);
                    return b.toByteArray();
                } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
                    b.write(0xC1);
                    b.write((int) x);
                    b.write((int) (x >> 8));
                    return b.toByteArray();
                } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                    b.write(0xC2);
                    for (int i = 0; i < 4; i++) {
                        b.write((int) (x >> (8 * i)));
                    }
                    return b.toByteArray();
                }
            }
        }
        if (s.length > 20) {
            byte[] c = Lzf.compress(s, s.length - 4);
            if (c != null) {
                b.write(0xC3);
                b.writeBytes(CompactForms.rdbLength(c.length));
                b.writeBytes(CompactForms.rdbLength(s.length));
                b.writeBytes(c);
                return b.toByteArray();
            }
        }
        b.writeBytes(CompactForms.rdbLength(s.length));
        b.writeBytes(s);
        return b.toByteArray();
    }

    /** Type byte + value as the rdb writer writes the key's entry. */
    private static byte[] rdbBody(Bytes key, RedisObject value) {
        Keyspace one = new Keyspace();
        RedisObject copy = value.copy();
        one.put(key, copy);
        if (copy.expireAt() != RedisObject.NO_EXPIRE) {
            one.setExpire(key, copy, RedisObject.NO_EXPIRE); // DUMP carries no TTL
        }
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            RdbWriter.write(one, null, 0, bos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] f = bos.toByteArray();
        int p = 9; // "REDIS0010"
        while ((f[p] & 0xff) == OPCODE_AUX) {
            p = skipString(f, p + 1);
            p = skipString(f, p);
        }
        if ((f[p] & 0xff) != OPCODE_SELECTDB) {
            throw new IllegalStateException("unexpected RDB layout at " + p);
        }
        p = skipLength(f, p + 1);
        if ((f[p] & 0xff) == OPCODE_RESIZEDB) {
            p = skipLength(f, skipLength(f, p + 1));
        }
        int type = f[p] & 0xff;
        int valueStart = skipString(f, p + 1);
        int valueEnd = f.length - 9; // EOF opcode + CRC64
        byte[] out = new byte[1 + (valueEnd - valueStart)];
        out[0] = (byte) type;
        System.arraycopy(f, valueStart, out, 1, valueEnd - valueStart);
        return out;
    }

    /** Appends the RDB version and the CRC64 of everything before it. */
    private static byte[] seal(byte[] body) {
        byte[] out = Arrays.copyOf(body, body.length + 10);
        int v = out.length - 10;
        out[v] = (byte) RDB_VERSION;
        out[v + 1] = 0;
        long crc = Crc64.of(Arrays.copyOf(out, out.length - 8));
        for (int i = 0; i < 8; i++) {
            out[out.length - 8 + i] = (byte) (crc >>> (8 * i));
        }
        return out;
    }

    /** verifyDumpPayload: version not above ours and a matching CRC64 footer. */
    static boolean verify(byte[] p) {
        if (p.length < 10) {
            return false;
        }
        int version = (p[p.length - 10] & 0xff) | (p[p.length - 9] & 0xff) << 8;
        if (version > RDB_VERSION) {
            return false;
        }
        long crc = Crc64.of(Arrays.copyOf(p, p.length - 8));
        for (int i = 0; i < 8; i++) {
            if ((byte) (crc >>> (8 * i)) != p[p.length - 8 + i]) {
                return false;
            }
        }
        return true;
    }

    /** The value in a verified payload, or null if it is not a value Redis 7.0 would load. */
    static RedisObject load(byte[] p) {
        if (p.length < 11) {
            return null; // version and CRC but no type byte: Redis fails to read the type
        }
        int type = p[0] & 0xff;
        if (type > MAX_TYPE) {
            return null;
        }
        try {
            // Only the value is read: bytes between it and the version are ignored, as by Redis
            // (framed as a one-key file they were read as further records, so trailing bytes
            // could add an expiry to the value, or make RESTORE answer OK and store nothing).
            return RdbReader.readValue(new ByteArrayInputStream(p, 0, p.length - 10), "DUMP payload");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int skipLength(byte[] f, int p) {
        int b = f[p] & 0xff;
        return switch (b >> 6) {
            case 0 -> p + 1;
            case 1 -> p + 2;
            case 2 -> b == 0x80 ? p + 5 : p + 9;
            default -> throw new IllegalStateException("encoded length where a length was expected");
        };
    }

    private static long length(byte[] f, int p) {
        int b = f[p] & 0xff;
        return switch (b >> 6) {
            case 0 -> b & 0x3f;
            case 1 -> ((b & 0x3f) << 8) | (f[p + 1] & 0xff);
            default -> {
                int n = b == 0x80 ? 4 : 8;
                long v = 0;
                for (int i = 1; i <= n; i++) {
                    v = (v << 8) | (f[p + i] & 0xff);
                }
                yield v;
            }
        };
    }

    /** Skips an RDB string: plain, integer-encoded (1, 2, 4 bytes) or LZF (clen, len, data). */
    private static int skipString(byte[] f, int p) {
        int b = f[p] & 0xff;
        if (b >> 6 == 3) {
            return switch (b & 0x3f) {
                case 0 -> p + 2;
                case 1 -> p + 3;
                case 2 -> p + 5;
                case 3 -> {
                    int q = p + 1;
                    long clen = length(f, q);
                    q = skipLength(f, q);
                    q = skipLength(f, q);
                    yield (int) (q + clen);
                }
                default -> throw new IllegalStateException("unknown string encoding");
            };
        }
        return (int) (skipLength(f, p) + length(f, p));
    }
}
