package io.redraft.store.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an intset (intset.h): element width in bytes (2, 4 or 8) and count as 32-bit
 * little-endian, then the sorted elements little-endian. Members come back as decimal text.
 */
final class Intset {
    private Intset() {
    }

    static List<byte[]> decode(byte[] is) {
        if (is.length < 8) {
            throw new IllegalArgumentException("intset of " + is.length + " bytes is shorter than its header");
        }
        long width = Listpack.u32(is, 0);
        long count = Listpack.u32(is, 4);
        if (width != 2 && width != 4 && width != 8) {
            throw new IllegalArgumentException("intset element width " + width + " is not 2, 4 or 8");
        }
        if (8 + width * count != is.length) {
            throw new IllegalArgumentException("intset of " + count + " x " + width + " bytes does not fill its "
                    + is.length + "-byte blob");
        }
        if (count == 0) {
            throw new IllegalArgumentException("empty intset"); // intsetValidateIntegrity refuses it too
        }
        List<byte[]> out = new ArrayList<>((int) count);
        int w = (int) width;
        long prev = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            int p = 8 + i * w;
            long v = 0;
            for (int k = 0; k < w; k++) {
                v |= (is[p + k] & 0xFFL) << (8 * k);
            }
            int shift = 64 - 8 * w;
            long value = (v << shift) >> shift;
            // Members are searched by bisection: a duplicate or one out of order would hide others.
            if (i > 0 && value <= prev) {
                throw new IllegalArgumentException("intset member " + value + " after " + prev + " is out of order");
            }
            prev = value;
            out.add(Listpack.text(value));
        }
        return out;
    }
}
