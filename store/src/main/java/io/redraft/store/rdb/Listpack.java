package io.redraft.store.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a listpack (Redis 7's compact container, listpack.h): a 4-byte total size and 2-byte
 * element count (little-endian), the entries, and a 0xFF terminator. Each entry is an encoding
 * byte with its data followed by its own length (backlen) for reverse traversal. Integers come
 * back as their decimal text, as Redis hands them to commands.
 */
final class Listpack {
    private static final int HEADER = 6;
    private static final int EOF = 0xFF;
    private static final int UNKNOWN_COUNT = 65535;

    private Listpack() {
    }

    static List<byte[]> decode(byte[] lp) {
        if (lp.length < HEADER + 1) {
            throw new IllegalArgumentException("listpack of " + lp.length + " bytes is shorter than its header");
        }
        long total = u32(lp, 0);
        if (total != lp.length) {
            throw new IllegalArgumentException("listpack header says " + total + " bytes, blob has " + lp.length);
        }
        int count = u16(lp, 4);
        List<byte[]> out = new ArrayList<>(Math.min(count, 1024));
        int p = HEADER;
        while (true) {
            need(lp, p, 1);
            int b = lp[p] & 0xFF;
            if (b == EOF) {
                if (p != lp.length - 1) {
                    throw new IllegalArgumentException("listpack terminator at " + p + " before its end");
                }
                break;
            }
            int start = p;
            byte[] value;
            if ((b & 0x80) == 0) { // 0xxxxxxx: 7-bit unsigned
                value = text(b & 0x7F);
                p += 1;
            } else if ((b & 0xC0) == 0x80) { // 10xxxxxx: string up to 63 bytes
                int len = b & 0x3F;
                value = bytes(lp, p + 1, len);
                p += 1 + len;
            } else if ((b & 0xE0) == 0xC0) { // 110xxxxx: 13-bit signed
                need(lp, p, 2);
                int v = ((b & 0x1F) << 8) | (lp[p + 1] & 0xFF);
                value = text((v << 19) >> 19);
                p += 2;
            } else if ((b & 0xF0) == 0xE0) { // 1110xxxx: string up to 4095 bytes
                need(lp, p, 2);
                int len = ((b & 0x0F) << 8) | (lp[p + 1] & 0xFF);
                value = bytes(lp, p + 2, len);
                p += 2 + len;
            } else {
                switch (b) {
                    case 0xF0 -> { // 32-bit string length
                        need(lp, p, 5);
                        long len = u32(lp, p + 1);
                        if (len > lp.length) {
                            throw new IllegalArgumentException("listpack string of " + len + " bytes overruns");
                        }
                        value = bytes(lp, p + 5, (int) len);
                        p += 5 + (int) len;
                    }
                    case 0xF1 -> {
                        value = text(signedLE(lp, p + 1, 2));
                        p += 3;
                    }
                    case 0xF2 -> {
                        value = text(signedLE(lp, p + 1, 3));
                        p += 4;
                    }
                    case 0xF3 -> {
                        value = text(signedLE(lp, p + 1, 4));
                        p += 5;
                    }
                    case 0xF4 -> {
                        value = text(signedLE(lp, p + 1, 8));
                        p += 9;
                    }
                    default -> throw new IllegalArgumentException(
                            "unknown listpack entry encoding 0x" + Integer.toHexString(b) + " at " + p);
                }
            }
            int entryLen = p - start;
            int backlenSize = backlenSize(entryLen);
            need(lp, p, backlenSize);
            p += backlenSize;
            // As lpValidateNext: the back-length read backwards from the entry's end must give the
            // entry's own length, or a reverse traversal (LINDEX -1, ZREVRANGE) would walk elsewhere.
            long back = decodeBacklen(lp, p - 1);
            if (back < 0 || back + backlenSize(back) != entryLen + backlenSize) {
                throw new IllegalArgumentException("listpack entry at " + start + " has a wrong back-length");
            }
            out.add(value);
        }
        if (count != UNKNOWN_COUNT && count != out.size()) {
            throw new IllegalArgumentException("listpack header says " + count + " entries, found " + out.size());
        }
        return out;
    }

    private static int backlenSize(long entryLen) {
        return entryLen <= 127 ? 1 : entryLen < 16383 ? 2 : entryLen < 2097151 ? 3 : entryLen < 268435455 ? 4 : 5;
    }

    /** lpDecodeBacklen: 7 bits a byte, read from the last byte backwards while the high bit is set; -1 if too long. */
    private static long decodeBacklen(byte[] lp, int last) {
        long val = 0;
        for (int shift = 0, i = last; ; shift += 7, i--) {
            if (shift > 28 || i < HEADER) {
                return -1;
            }
            val |= (long) (lp[i] & 127) << shift;
            if ((lp[i] & 128) == 0) {
                return val;
            }
        }
    }

    private static void need(byte[] lp, int p, int n) {
        if (p + n > lp.length - 0 || p + n < p) {
            throw new IllegalArgumentException("listpack entry at " + p + " overruns the blob");
        }
    }

    private static byte[] bytes(byte[] lp, int from, int len) {
        need(lp, from, len);
        return java.util.Arrays.copyOfRange(lp, from, from + len);
    }

    private static long signedLE(byte[] lp, int from, int n) {
        need(lp, from, n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (lp[from + i] & 0xFFL) << (8 * i);
        }
        int shift = 64 - 8 * n;
        return (v << shift) >> shift;
    }

    static long u32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static byte[] text(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
