package io.redraft.store.rdb;

/**
 * LZF compression and decompression (liblzf's format, which Redis uses for compressed RDB strings). A control
 * byte below 32 starts a literal run of control+1 bytes; otherwise its top 3 bits are the
 * match length - 2 (7 = read one more length byte) and its low 5 bits with the next byte the
 * back-reference distance - 1.
 */
final class Lzf {
    private Lzf() {
    }

    private static final int HASH_BITS = 14;
    private static final int MAX_OFFSET = 1 << 13;
    private static final int MAX_MATCH = 7 + 255 + 2;
    private static final int MAX_LITERAL = 32;

    /** One-shot compression (tests); a save uses one {@link Compressor} for every string. */
    static byte[] compress(byte[] in, int maxOut) {
        return new Compressor().compress(in, maxOut);
    }

    /**
     * Reuses its hash table across inputs: entries carry a running base, so an entry from an
     * earlier input reads as empty without clearing 64 KB per string.
     */
    static final class Compressor {
        private final int[] table = new int[1 << HASH_BITS];
        private int base; // entries at or below it belong to earlier inputs

        /**
         * Compresses {@code in}, or returns null when the result would exceed {@code maxOut}
         * bytes (Redis stores a string compressed only if that saves at least 4 bytes). Greedy,
         * one hash probe per position: the format is what matters, not the best ratio.
         */
        byte[] compress(byte[] in, int maxOut) {
            int n = in.length;
            if (base > Integer.MAX_VALUE - n - 2) {
                java.util.Arrays.fill(table, 0);
                base = 0;
            }
            try {
                return run(in, n, Math.max(0, maxOut));
            } finally {
                base += n + 1;
            }
        }

        private byte[] run(byte[] in, int n, int maxOut) {
            byte[] out = new byte[maxOut];
            int op = 0;
            int lit = 0;
            int ip = 0;
            while (ip + 2 < n) {
                int h = hash(in, ip);
                int entry = table[h];
                int ref = entry > base ? entry - base - 1 : -1;
                table[h] = base + ip + 1;
                int off = ip - ref - 1;
                if (ref >= 0 && off < MAX_OFFSET && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]
                        && in[ref + 2] == in[ip + 2]) {
                    int max = Math.min(MAX_MATCH, n - ip);
                    int len = 3;
                    while (len < max && in[ref + len] == in[ip + len]) {
                        len++;
                    }
                    op = literals(in, lit, ip, out, op);
                    if (op < 0 || op + 3 > out.length) {
                        return null;
                    }
                    int l = len - 2;
                    if (l < 7) {
                        out[op++] = (byte) ((l << 5) | (off >>> 8));
                    } else {
                        out[op++] = (byte) ((7 << 5) | (off >>> 8));
                        out[op++] = (byte) (l - 7);
                    }
                    out[op++] = (byte) off;
                    ip += len;
                    lit = ip;
                } else {
                    ip++;
                }
            }
            op = literals(in, lit, n, out, op);
            return op < 0 ? null : java.util.Arrays.copyOf(out, op);
        }
    }

    private static int hash(byte[] b, int p) {
        int v = (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /** Emits in[from, to) as literal runs of at most 32; -1 if out is too small. */
    private static int literals(byte[] in, int from, int to, byte[] out, int op) {
        while (from < to) {
            int run = Math.min(MAX_LITERAL, to - from);
            if (op + 1 + run > out.length) {
                return -1;
            }
            out[op++] = (byte) (run - 1);
            System.arraycopy(in, from, out, op, run);
            op += run;
            from += run;
        }
        return op;
    }

    /** Decompresses into exactly {@code outLen} bytes; throws with a reason on malformed input. */
    static byte[] decompress(byte[] in, int outLen) {
        byte[] out = new byte[outLen];
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (op + run > outLen) {
                    throw new IllegalArgumentException("LZF literal run past the declared length " + outLen);
                }
                if (ip + run > in.length) {
                    throw new IllegalArgumentException("LZF literal run past the compressed data");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int len = ctrl >>> 5;
                if (len == 7) {
                    if (ip >= in.length) {
                        throw new IllegalArgumentException("LZF match length cut short");
                    }
                    len += in[ip++] & 0xFF;
                }
                if (ip >= in.length) {
                    throw new IllegalArgumentException("LZF back-reference cut short");
                }
                int ref = op - ((ctrl & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
                len += 2;
                if (ref < 0) {
                    throw new IllegalArgumentException("LZF back-reference before the start of the output");
                }
                if (op + len > outLen) {
                    throw new IllegalArgumentException("LZF match past the declared length " + outLen);
                }
                for (int k = 0; k < len; k++) { // may overlap its own output: copy byte by byte
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != outLen) {
            throw new IllegalArgumentException("LZF data gave " + op + " bytes, declared " + outLen);
        }
        return out;
    }
}
