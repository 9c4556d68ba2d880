package io.redraft.store.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a ziplist (ziplist.h), the compact container of RDB files written by Redis before 7.0:
 * total bytes, tail offset (32-bit LE), count (16-bit LE), entries each prefixed by the previous
 * entry's length (1 byte, or 0xFE + 4 bytes) and an encoding, then 0xFF.
 */
final class Ziplist {
    private Ziplist() {
    }

    static List<byte[]> decode(byte[] zl) {
        if (zl.length < 11) {
            throw new IllegalArgumentException("ziplist of " + zl.length + " bytes is shorter than its header");
        }
        if (Listpack.u32(zl, 0) != zl.length) {
            throw new IllegalArgumentException("ziplist header says " + Listpack.u32(zl, 0) + " bytes, blob has " + zl.length);
        }
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        while (true) {
            check(zl, p, 1);
            if ((zl[p] & 0xFF) == 0xFF) {
                break;
            }
            p += (zl[p] & 0xFF) == 0xFE ? 5 : 1; // previous entry length
            check(zl, p, 1);
            int b = zl[p] & 0xFF;
            switch (b >>> 6) {
                case 0 -> {
                    int len = b & 0x3F;
                    out.add(slice(zl, p + 1, len));
                    p += 1 + len;
                }
                case 1 -> {
                    check(zl, p, 2);
                    int len = ((b & 0x3F) << 8) | (zl[p + 1] & 0xFF);
                    out.add(slice(zl, p + 2, len));
                    p += 2 + len;
                }
                case 2 -> {
                    check(zl, p, 5);
                    long len = (zl[p + 1] & 0xFFL) << 24 | (zl[p + 2] & 0xFFL) << 16 | (zl[p + 3] & 0xFFL) << 8
                            | (zl[p + 4] & 0xFFL);
                    if (len > zl.length) {
                        throw new IllegalArgumentException("ziplist string of " + len + " bytes overruns");
                    }
                    out.add(slice(zl, p + 5, (int) len));
                    p += 5 + (int) len;
                }
                default -> {
                    int width;
                    switch (b) {
                        case 0xC0 -> width = 2;
                        case 0xD0 -> width = 4;
                        case 0xE0 -> width = 8;
                        case 0xF0 -> width = 3;
                        case 0xFE -> width = 1;
                        default -> {
                            if (b >= 0xF1 && b <= 0xFD) { // 4-bit immediate 0..12
                                out.add(Listpack.text((b & 0x0F) - 1));
                                p += 1;
                                continue;
                            }
                            throw new IllegalArgumentException("unknown ziplist encoding 0x" + Integer.toHexString(b));
                        }
                    }
                    check(zl, p + 1, width);
                    long v = 0;
                    for (int k = 0; k < width; k++) {
                        v |= (zl[p + 1 + k] & 0xFFL) << (8 * k);
                    }
                    int shift = 64 - 8 * width;
                    out.add(Listpack.text((v << shift) >> shift));
                    p += 1 + width;
                }
            }
        }
        return out;
    }

    private static void check(byte[] zl, int p, int n) {
        if (p + n > zl.length) {
            throw new IllegalArgumentException("ziplist entry at " + p + " overruns the blob");
        }
    }

    private static byte[] slice(byte[] zl, int from, int len) {
        check(zl, from, len);
        return java.util.Arrays.copyOfRange(zl, from, from + len);
    }
}
