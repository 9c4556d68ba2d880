package io.redraft.store.hll;

import java.util.Arrays;

/**
 * A HyperLogLog held exactly as Redis 7 stores it in a string (hyperloglog.c): a 16-byte header
 * ("HYLL", encoding, 3 unused bytes, 8-byte little-endian cached cardinality whose top bit marks
 * it stale) followed by either 16384 6-bit registers packed little-endian (dense, 12288 bytes) or
 * the sparse opcodes ZERO (00xxxxxx), XZERO (01xxxxxx yyyyyyyy) and VAL (1vvvvvxx).
 *
 * <p>Every transformation (in-place sparse edits, the merge of adjacent VAL opcodes, promotion
 * past 3000 bytes or a register above 32) follows Redis step by step, because the bytes are
 * observable through GET and DUMP and must be equal on both sides of the differential test.
 */
final class Hll {
    static final int HDR = 16;
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int DENSE_SIZE = HDR + (REGISTERS * 6 + 7) / 8;
    static final int DENSE = 0;
    static final int SPARSE = 1;
    static final int SPARSE_MAX_BYTES = 3000;
    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final double ALPHA_INF = 0.721347520444481703680;

    /** The whole string; {@code len} bytes of {@code b} are in use (sparse edits grow it). */
    byte[] b;
    int len;

    Hll(byte[] bytes) {
        this.b = Arrays.copyOf(bytes, bytes.length + 8);
        this.len = bytes.length;
    }

    /** createHLLObject: an empty sparse HLL, one XZERO covering all registers, cache valid at 0. */
    static Hll empty() {
        byte[] s = new byte[HDR + 2];
        s[0] = 'H';
        s[1] = 'Y';
        s[2] = 'L';
        s[3] = 'L';
        s[4] = SPARSE;
        s[HDR] = (byte) (0x40 | ((REGISTERS - 1) >> 8));
        s[HDR + 1] = (byte) ((REGISTERS - 1) & 0xff);
        return new Hll(s);
    }

    /** isHLLObjectOrReply's checks (the string type check is the caller's). */
    static boolean isValid(byte[] s) {
        if (s.length < HDR || s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') {
            return false;
        }
        int enc = s[4] & 0xff;
        return enc <= SPARSE && (enc != DENSE || s.length == DENSE_SIZE);
    }

    byte[] bytes() {
        return Arrays.copyOf(b, len);
    }

    int encoding() {
        return b[4] & 0xff;
    }

    void invalidateCache() {
        b[15] |= (byte) 0x80;
    }

    boolean cacheValid() {
        return (b[15] & 0x80) == 0;
    }

    long cachedCard() {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[8 + i] & 0xff);
        }
        return v;
    }

    void setCachedCard(long card) {
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    // ---- hashing ----

    static long murmur64a(byte[] key, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int len = key.length;
        long h = seed ^ (len * m);
        int end = len - (len & 7);
        for (int i = 0; i < end; i += 8) {
            long k = 0;
            for (int j = 7; j >= 0; j--) {
                k = (k << 8) | (key[i + j] & 0xff);
            }
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = len & 7;
        if (rest > 0) {
            for (int j = rest - 1; j >= 0; j--) {
                h ^= (long) (key[end + j] & 0xff) << (8 * j);
            }
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /** hllPatLen: register index in the low 14 bits, run length of the rest's trailing zeros + 1. */
    static long patLen(byte[] element) {
        long hash = murmur64a(element, 0xadc83b19L);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return ((long) index << 8) | count;
    }

    // ---- dense registers ----

    static int denseGet(byte[] b, int base, int reg) {
        int bit = reg * 6;
        int by = base + (bit >> 3);
        int fb = bit & 7;
        int b0 = b[by] & 0xff;
        int b1 = by + 1 < base + (REGISTERS * 6 + 7) / 8 ? b[by + 1] & 0xff : 0;
        return ((b0 >> fb) | (b1 << (8 - fb))) & 63;
    }

    static void denseSet(byte[] b, int base, int reg, int val) {
        int bit = reg * 6;
        int by = base + (bit >> 3);
        int fb = bit & 7;
        int fb8 = 8 - fb;
        b[by] = (byte) ((b[by] & ~(63 << fb)) | (val << fb));
        if (by + 1 < base + (REGISTERS * 6 + 7) / 8) {
            b[by + 1] = (byte) ((b[by + 1] & ~(63 >> fb8)) | (val >> fb8));
        }
    }

    /** hllAdd: 1 if a register changed, 0 if not, -1 if the sparse form is corrupt. */
    int add(byte[] element) {
        long pl = patLen(element);
        int index = (int) (pl >>> 8);
        int count = (int) (pl & 0xff);
        return encoding() == DENSE ? denseSetMax(index, count) : sparseSet(index, count);
    }

    private int denseSetMax(int index, int count) {
        if (count > denseGet(b, HDR, index)) {
            denseSet(b, HDR, index, count);
            return 1;
        }
        return 0;
    }

    // ---- sparse ----

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static byte val(int value, int len) {
        return (byte) (((value - 1) << 2 | (len - 1)) | 0x80);
    }

    private int u(int i) {
        return b[i] & 0xff;
    }

    private void ensure(int extra) {
        if (len + extra > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, len + extra));
        }
    }

    /** hllSparseToDense; false if the sparse opcodes do not cover exactly 16384 registers. */
    boolean toDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] d = new byte[DENSE_SIZE];
        System.arraycopy(b, 0, d, 0, HDR);
        d[4] = DENSE;
        int idx = 0;
        int p = HDR;
        while (p < len) {
            int op = u(p);
            if (isZero(op)) {
                idx += (op & 0x3f) + 1;
                p++;
            } else if (isXzero(op)) {
                idx += (((op & 0x3f) << 8) | u(p + 1)) + 1;
                p += 2;
            } else {
                int run = (op & 3) + 1;
                int value = ((op >> 2) & 0x1f) + 1;
                if (run + idx > REGISTERS) {
                    break;
                }
                while (run-- > 0) {
                    denseSet(d, HDR, idx++, value);
                }
                p++;
            }
        }
        if (idx != REGISTERS) {
            return false;
        }
        b = d;
        len = DENSE_SIZE;
        return true;
    }

    /** hllSparseSet, in place as Redis does it (cases A-D, then the VAL merge pass). */
    int sparseSet(int index, int count) {
        if (count > VAL_MAX_VALUE) {
            return promote(index, count);
        }
        ensure(3);
        int sparse = HDR;
        int p = sparse;
        int end = len;
        long first = 0;
        int prev = -1;
        long span = 0;
        while (p < end) {
            int op = u(p);
            int oplen = 1;
            if (isZero(op)) {
                span = (op & 0x3f) + 1;
            } else if ((op & 0x80) != 0) {
                span = (op & 3) + 1;
            } else {
                span = (((op & 0x3f) << 8) | u(p + 1)) + 1;
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = u(p);
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean zero = false, xzero = false, isVal = false;
        long runlen;
        if (isZero(op)) {
            zero = true;
            runlen = (op & 0x3f) + 1;
        } else if (isXzero(op)) {
            xzero = true;
            runlen = (((op & 0x3f) << 8) | u(p + 1)) + 1;
        } else {
            isVal = true;
            runlen = (op & 3) + 1;
        }
        boolean done = false;
        if (isVal) {
            int old = ((op >> 2) & 0x1f) + 1;
            if (old >= count) {
                return 0;
            }
            if (runlen == 1) {
                b[p] = val(count, 1);
                done = true;
            }
        }
        if (!done && zero && runlen == 1) {
            b[p] = val(count, 1);
            done = true;
        }
        if (!done) {
            byte[] seq = new byte[5];
            int n = 0;
            long last = first + span - 1;
            if (zero || xzero) {
                if (index != first) {
                    n = putZeros(seq, n, (int) (index - first));
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    n = putZeros(seq, n, (int) (last - index));
                }
            } else {
                int cur = ((op >> 2) & 0x1f) + 1;
                if (index != first) {
                    seq[n++] = val(cur, (int) (index - first));
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    seq[n++] = val(cur, (int) (last - index));
                }
            }
            int oldlen = xzero ? 2 : 1;
            int delta = n - oldlen;
            if (delta > 0 && len + delta > SPARSE_MAX_BYTES) {
                return promote(index, count);
            }
            if (delta != 0 && next >= 0) {
                System.arraycopy(b, next, b, next + delta, end - next);
            }
            len += delta;
            System.arraycopy(seq, 0, b, p, n);
            end += delta;
        }
        // Step 4: merge adjacent VALs with equal value, scanning up to 5 opcodes from prev.
        p = prev >= 0 ? prev : sparse;
        int scan = 5;
        while (p < end && scan-- > 0) {
            int o = u(p);
            if (isXzero(o)) {
                p += 2;
                continue;
            } else if (isZero(o)) {
                p++;
                continue;
            }
            if (p + 1 < end && (u(p + 1) & 0x80) != 0) {
                int v1 = ((o >> 2) & 0x1f) + 1;
                int o2 = u(p + 1);
                int v2 = ((o2 >> 2) & 0x1f) + 1;
                if (v1 == v2) {
                    int l = (o & 3) + 1 + (o2 & 3) + 1;
                    if (l <= VAL_MAX_LEN) {
                        b[p + 1] = val(v1, l);
                        System.arraycopy(b, p + 1, b, p, end - p - 1);
                        len--;
                        end--;
                        continue;
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    private static int putZeros(byte[] seq, int n, int l) {
        if (l > ZERO_MAX_LEN) {
            seq[n++] = (byte) (((l - 1) >> 8) | 0x40);
            seq[n++] = (byte) ((l - 1) & 0xff);
        } else {
            seq[n++] = (byte) (l - 1);
        }
        return n;
    }

    private int promote(int index, int count) {
        if (!toDense()) {
            return -1;
        }
        denseSetMax(index, count);
        return 1;
    }

    /** hllMerge into raw registers (one byte each); false if the sparse form is corrupt. */
    boolean mergeInto(byte[] max) {
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(b, HDR, i);
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
            return true;
        }
        int i = 0;
        int p = HDR;
        while (p < len) {
            int op = u(p);
            if (isZero(op)) {
                i += (op & 0x3f) + 1;
                p++;
            } else if (isXzero(op)) {
                i += (((op & 0x3f) << 8) | u(p + 1)) + 1;
                p += 2;
            } else {
                int run = (op & 3) + 1;
                int value = ((op >> 2) & 0x1f) + 1;
                if (run + i > REGISTERS) {
                    return false; // redis-server 7.0.15 refuses a run past the last register; it does not stop there
                }
                while (run-- > 0) {
                    if (value > max[i]) {
                        max[i] = (byte) value;
                    }
                    i++;
                }
                p++;
            }
        }
        return i == REGISTERS;
    }

    /** hllCount of this HLL; -1 if the sparse form is corrupt. */
    long count() {
        int[] histo = new int[64];
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                histo[denseGet(b, HDR, i)]++;
            }
        } else {
            int idx = 0;
            int p = HDR;
            while (p < len) {
                int op = u(p);
                if (isZero(op)) {
                    int run = (op & 0x3f) + 1;
                    idx += run;
                    histo[0] += run;
                    p++;
                } else if (isXzero(op)) {
                    int run = (((op & 0x3f) << 8) | u(p + 1)) + 1;
                    idx += run;
                    histo[0] += run;
                    p += 2;
                } else {
                    int run = (op & 3) + 1;
                    idx += run;
                    histo[((op >> 2) & 0x1f) + 1] += run;
                    p++;
                }
            }
            if (idx != REGISTERS) {
                return -1;
            }
        }
        return estimate(histo);
    }

    /** hllCount of raw registers (PFCOUNT over several keys). */
    static long countRaw(byte[] registers) {
        int[] histo = new int[64];
        for (byte r : registers) {
            histo[r & 63]++;
        }
        return estimate(histo);
    }

    /** Ertl's improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches"). */
    private static long estimate(int[] histo) {
        double m = REGISTERS;
        double z = m * tau((m - histo[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        double e = ALPHA_INF * m * m / z;
        return Math.round(e); // llroundl: half away from zero; e >= 0 here
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y;
        } while (zPrime != z);
        return z / 3;
    }
}
