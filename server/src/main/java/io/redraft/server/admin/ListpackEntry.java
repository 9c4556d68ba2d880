package io.redraft.server.admin;

import io.redraft.store.Nums;

/** The bytes one element takes in a listpack: its encoding, its data and its back-length. */
final class ListpackEntry {
    private ListpackEntry() {}

    static long size(byte[] v) {
        long entry = encoded(v);
        long back = entry <= 127 ? 1 : entry < 16383 ? 2 : entry < 2097151 ? 3 : entry < 268435455 ? 4 : 5;
        return entry + back;
    }

    private static long encoded(byte[] v) {
        Long n = v.length <= 20 ? Nums.parseLongOr(v, null) : null;
        if (n != null) {
            long x = n;
            if (x >= 0 && x <= 127) return 1;
            if (x >= -4096 && x <= 4095) return 2;
            if (x >= -32768 && x <= 32767) return 3;
            if (x >= -8388608 && x <= 8388607) return 4;
            if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) return 5;
            return 9;
        }
        int len = v.length;
        return len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
    }
}
