package io.redraft.store.rdb;

import java.util.Arrays;

/**
 * LZF (liblzf's format, which Redis uses for compressed RDB strings and DUMP payloads). A control
 * byte below 32 starts a literal run of control+1 bytes; otherwise its top 3 bits are the match
 * length - 2 (7 = read one more length byte) and its low 5 bits with the next byte the
 * back-reference distance - 1.
 *
 * <p>The compressor produces exactly the bytes of liblzf 3.6 as built into Redis (lzfP.h: HLOG 16,
 * VERY_FAST, no ULTRA_FAST, CHECK_INPUT), so DUMP payloads and saved RDB strings equal
 * redis-server's. What makes its output particular, and what this follows: the 3-byte hash
 * {@code ((h >> 8) - h * 5) & 0xFFFF}; a candidate at input offset 0 is never used (the
 * "ref > in_data" test); after a match the two positions before the new input position are hashed
 * into the table; literal runs of at most 32; back references of at most 264 bytes within 8 kB.
 * The table starts empty here; Redis's lives uninitialised on the stack, which can only add a
 * stale candidate whose bytes happen to match (rare, and still valid LZF).
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private Lzf() {
    }

    /** One-shot compression (DUMP, tests); a save uses one {@link Compressor} for every string. */
    public static byte[] compress(byte[] in, int maxOut) {
        return new Compressor().compress(in, maxOut);
    }

    /** Where a compressor's output goes, byte by byte at its position. */
    @FunctionalInterface
    public interface Sink {
        void set(int at, int b);
    }

    /** Output into an array; one class for every array output, so {@code run}'s calls stay inlined. */
    private record ArraySink(byte[] out) implements Sink {
        @Override
        public void set(int at, int b) {
            out[at] = (byte) b;
        }
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /**
     * Reuses its 256 KB hash table across inputs: entries carry a running base, so an entry from an
     * earlier input reads as empty without clearing the table for every string of a save.
     */
    public static final class Compressor {
        private final int[] table = new int[HSIZE];
        private int base; // entries at or below it belong to earlier inputs
        private ArraySink scratch = new ArraySink(new byte[0]);

        /**
         * The compressed form if it fits in {@code maxOut} bytes, else null (lzf_compress returning
         * 0; Redis stores a string compressed only if that saves at least 4 bytes).
         */
        public byte[] compress(byte[] in, int maxOut) {
            if (in.length == 0 || maxOut <= 0) {
                return null;
            }
            byte[] out = new byte[maxOut];
            int n = compressTo(in, maxOut, new ArraySink(out));
            return n < 0 ? null : Arrays.copyOf(out, n);
        }

        /**
         * The same compression with every output byte handed to {@code out} at its position (a
         * byte may be set again later: the control byte of the literal run in progress, at most 33
         * bytes back); the compressed length, or -1 where {@link #compress} gives null.
         */
        public int compressTo(byte[] in, int maxOut, Sink out) {
            return compressPrefix(in, in.length, maxOut, out);
        }

        /** {@link #compressTo} of {@code in}'s first {@code n} bytes. */
        private int compressPrefix(byte[] in, int n, int maxOut, Sink out) {
            if (base > Integer.MAX_VALUE - n - 2) {
                Arrays.fill(table, 0);
                base = 0;
            }
            try {
                return run(in, n, maxOut, out);
            } finally {
                base += n + 1;
            }
        }

        /**
         * The compressed size of {@code in}'s first {@code len} bytes if it fits in {@code maxOut}
         * bytes, else -1 (given up as soon as the output passes {@code maxOut}).
         */
        public int compressedSize(byte[] in, int len, int maxOut) {
            if (len <= 0 || maxOut <= 0) return -1;
            if (scratch.out.length < maxOut) scratch = new ArraySink(new byte[maxOut]);
            return compressPrefix(in, Math.min(len, in.length), maxOut, scratch);
        }

        private int get(int slot) {
            int entry = table[slot];
            return entry > base ? entry - base - 1 : -1;
        }

        private void put(int slot, int ip) {
            table[slot] = base + ip + 1;
        }

        private int run(byte[] in, int inLen, int outLen, Sink out) {
            if (inLen == 0 || outLen <= 0) {
                return -1;
            }
            int ip = 0;
            int op = 0;
            int lit = 0;
            op++; // start run
            int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
            // liblzf's main loop stops two bytes before the end; its room check for those last
            // literals (op + 3 > out_end) runs once, even when no byte is left.
            boolean tail = false;
            while (true) {
                if (!tail && ip >= inLen - 2) {
                    if (op + 3 > outLen) {
                        return -1;
                    }
                    tail = true;
                }
                if (ip >= inLen) {
                    break;
                }
                if (!tail) {
                    hval = (hval << 8) | (in[ip + 2] & 0xff);
                    int slot = idx(hval);
                    int ref = get(slot);
                    put(slot, ip);
                    int off;
                    if (ref > 0 && (off = ip - ref - 1) < MAX_OFF && off >= 0
                            && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                        int len = 2;
                        int maxlen = inLen - ip - len;
                        if (maxlen > MAX_REF) {
                            maxlen = MAX_REF;
                        }
                        if (op + 3 + 1 >= outLen && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) {
                            return -1;
                        }
                        out.set(op - lit - 1, lit - 1); // stop run
                        if (lit == 0) {
                            op--; // undo run if length is zero
                        }
                        boolean mismatch = false;
                        if (maxlen > 16) { // liblzf's unrolled first 16 steps do not look at maxlen
                            for (int k = 0; k < 16 && !mismatch; k++) {
                                len++;
                                mismatch = in[ref + len] != in[ip + len];
                            }
                        }
                        if (!mismatch) {
                            do {
                                len++;
                            } while (len < maxlen && in[ref + len] == in[ip + len]);
                        }
                        len -= 2; // now #octets - 1
                        ip++;
                        if (len < 7) {
                            out.set(op++, (off >> 8) + (len << 5));
                        } else {
                            out.set(op++, (off >> 8) + (7 << 5));
                            out.set(op++, len - 7);
                        }
                        out.set(op++, off);
                        lit = 0;
                        op++; // start run
                        ip += len + 1;
                        if (ip < inLen - 2) { // hash the two positions before the new one
                            ip -= 2;
                            hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                            hval = (hval << 8) | (in[ip + 2] & 0xff);
                            put(idx(hval), ip);
                            ip++;
                            hval = (hval << 8) | (in[ip + 2] & 0xff);
                            put(idx(hval), ip);
                            ip++;
                        }
                        continue;
                    }
                    if (op >= outLen) {
                        return -1;
                    }
                }
                lit++;
                out.set(op++, in[ip++]);
                if (lit == MAX_LIT) {
                    out.set(op - lit - 1, lit - 1);
                    lit = 0;
                    op++;
                }
            }
            out.set(op - lit - 1, lit - 1); // end run
            if (lit == 0) {
                op--;
            }
            return op;
        }
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
