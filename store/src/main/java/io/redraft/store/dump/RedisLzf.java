package io.redraft.store.dump;

/**
 * LZF compression producing exactly the bytes of liblzf 3.6 as built into Redis (lzfP.h:
 * HLOG 16, VERY_FAST, no ULTRA_FAST, CHECK_INPUT), so DUMP payloads of compressible strings and
 * blobs equal redis-server's. What makes its output particular, and what this follows:
 * the 3-byte hash {@code ((h >> 8) - h * 5) & 0xFFFF}; a candidate at input offset 0 is never
 * used (the "ref > in_data" test); after a match the two positions before the new input position
 * are hashed into the table; literal runs of at most 32; back references of at most 264 bytes
 * within 8 kB. The table starts empty here; Redis's lives uninitialised on the stack, which can
 * only add a stale candidate whose bytes happen to match (rare, and still valid LZF).
 */
final class RedisLzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    private RedisLzf() {
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /** The compressed form if it fits in {@code outLen} bytes, else null (lzf_compress returning 0). */
    static byte[] compress(byte[] in, int outLen) {
        int inLen = in.length;
        if (inLen == 0 || outLen <= 0) {
            return null;
        }
        int[] htab = new int[HSIZE];
        java.util.Arrays.fill(htab, -1);
        byte[] out = new byte[outLen];
        int ip = 0;
        int op = 0;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
        while (ip < inLen - 2) {
            hval = (hval << 8) | (in[ip + 2] & 0xff);
            int slot = idx(hval);
            int ref = htab[slot];
            htab[slot] = ip;
            int off;
            if (ref > 0 && (off = ip - ref - 1) < MAX_OFF && off >= 0
                    && in[ref + 2] == in[ip + 2] && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxlen = inLen - ip - len;
                if (maxlen > MAX_REF) {
                    maxlen = MAX_REF;
                }
                if (op + 3 + 1 >= outLen && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outLen) {
                    return null;
                }
                out[op - lit - 1] = (byte) (lit - 1); // stop run
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
                    out[op++] = (byte) ((off >> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++; // start run
                ip += len + 1;
                if (ip >= inLen - 2) {
                    break;
                }
                ip -= 2;
                hval = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip;
                ip++;
                hval = (hval << 8) | (in[ip + 2] & 0xff);
                htab[idx(hval)] = ip;
                ip++;
            } else {
                if (op >= outLen) {
                    return null;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outLen) {
            return null;
        }
        while (ip < inLen) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1); // end run
        if (lit == 0) {
            op--;
        }
        return java.util.Arrays.copyOf(out, op);
    }
}
