package io.redraft.store.dump;

import io.redraft.store.Nums;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The compact blobs Redis 7.0 keeps small collections in, byte for byte, so DUMP of a small hash,
 * zset, list or integer set is identical to redis-server's: a listpack (listpack.c: header of
 * total bytes and count, entries of encoding + data + reversed back-length, 0xFF) and an intset
 * (intset.c: width, count, sorted little-endian values).
 */
final class CompactForms {
    private CompactForms() {
    }

    /** A listpack of {@code entries} in order; integer strings take integer encodings as lpAppend does. */
    static byte[] listpack(List<byte[]> entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            byte[] enc = encodeEntry(e);
            body.writeBytes(enc);
            body.writeBytes(backlen(enc.length));
        }
        int total = 6 + body.size() + 1;
        byte[] out = new byte[total];
        putLE(out, 0, total, 4);
        putLE(out, 4, Math.min(entries.size(), 65535), 2);
        System.arraycopy(body.toByteArray(), 0, out, 6, body.size());
        out[total - 1] = (byte) 0xFF;
        return out;
    }

    private static byte[] encodeEntry(byte[] s) {
        Long v = Nums.parseLongOr(s, null); // lpStringToInt64 accepts exactly string2ll's forms
        if (v != null) {
            long x = v;
            if (x >= 0 && x <= 127) {
                return new byte[]{(byte) x};
            } else if (x >= -4096 && x <= 4095) {
                long u = x < 0 ? (1L << 13) + x : x;
                return new byte[]{(byte) ((u >> 8) | 0xC0), (byte) u};
            }
            int width = x >= -32768 && x <= 32767 ? 2 : x >= -8388608 && x <= 8388607 ? 3
                    : x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE ? 4 : 8;
            byte[] out = new byte[1 + width];
            out[0] = (byte) (width == 2 ? 0xF1 : width == 3 ? 0xF2 : width == 4 ? 0xF3 : 0xF4);
            putLE(out, 1, x, width);
            return out;
        }
        int n = s.length;
        byte[] out;
        int h;
        if (n < 64) {
            out = new byte[1 + n];
            out[0] = (byte) (0x80 | n);
            h = 1;
        } else if (n < 4096) {
            out = new byte[2 + n];
            out[0] = (byte) ((n >> 8) | 0xE0);
            out[1] = (byte) n;
            h = 2;
        } else {
            out = new byte[5 + n];
            out[0] = (byte) 0xF0;
            putLE(out, 1, n, 4);
            h = 5;
        }
        System.arraycopy(s, 0, out, h, n);
        return out;
    }

    /** lpEncodeBacklen: the entry length in 7-bit groups, most significant first. */
    private static byte[] backlen(long l) {
        if (l <= 127) {
            return new byte[]{(byte) l};
        } else if (l < 16383) {
            return new byte[]{(byte) (l >> 7), (byte) ((l & 127) | 128)};
        } else if (l < 2097151) {
            return new byte[]{(byte) (l >> 14), (byte) (((l >> 7) & 127) | 128), (byte) ((l & 127) | 128)};
        } else if (l < 268435455) {
            return new byte[]{(byte) (l >> 21), (byte) (((l >> 14) & 127) | 128), (byte) (((l >> 7) & 127) | 128),
                    (byte) ((l & 127) | 128)};
        }
        return new byte[]{(byte) (l >> 28), (byte) (((l >> 21) & 127) | 128), (byte) (((l >> 14) & 127) | 128),
                (byte) (((l >> 7) & 127) | 128), (byte) ((l & 127) | 128)};
    }

    /**
     * An intset of {@code values} (sorted here), in the narrowest width that holds them all. Redis
     * never narrows an intset, so after removing its widest member Redis's blob may be wider.
     */
    static byte[] intset(long[] values) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        int width = 2;
        for (long x : v) {
            if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                width = 8;
            } else if ((x < Short.MIN_VALUE || x > Short.MAX_VALUE) && width < 4) {
                width = 4;
            }
        }
        byte[] out = new byte[8 + width * v.length];
        putLE(out, 0, width, 4);
        putLE(out, 4, v.length, 4);
        for (int i = 0; i < v.length; i++) {
            putLE(out, 8 + width * i, v[i], width);
        }
        return out;
    }

    /** RDB length encoding (rdbSaveLen). */
    static byte[] rdbLength(long len) {
        if (len < 64) {
            return new byte[]{(byte) len};
        } else if (len < 16384) {
            return new byte[]{(byte) (0x40 | (len >> 8)), (byte) len};
        } else if (len <= 0xFFFFFFFFL) {
            return new byte[]{(byte) 0x80, (byte) (len >> 24), (byte) (len >> 16), (byte) (len >> 8), (byte) len};
        }
        byte[] out = new byte[9];
        out[0] = (byte) 0x81;
        for (int i = 0; i < 8; i++) {
            out[1 + i] = (byte) (len >>> (56 - 8 * i));
        }
        return out;
    }

    private static void putLE(byte[] b, int at, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
