package io.redraft.store.dump;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The rdb package's LZF compressor (liblzf 3.6 as built into Redis: same hash, same candidates,
 * same runs, so the same bytes) with its output handed on as it is made instead of gathered in an
 * array of the input's size: a big string moving to another group in parts then costs a 64 kB
 * window, not a second copy of the string. A payload states the compressed length before the
 * compressed bytes, so a string is compressed twice: {@link #count} first, then {@link #write}.
 *
 * <p>Only the last bytes written can still change (the control byte of the literal run in
 * progress, at most 33 bytes back, and the run's reserved byte, taken back when a match follows
 * at once), so the window keeps the last 64 bytes when it passes the rest on.
 */
final class LzfStream {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);
    private static final int KEEP = 64;

    private final int[] table = new int[HSIZE];
    private final OutputStream sink; // null: count only
    private final byte[] window;
    private int start; // output position of window[0]

    private LzfStream(OutputStream sink) {
        this.sink = sink;
        this.window = sink == null ? null : new byte[1 << 16];
    }

    /** The compressed length if it is at most {@code maxOut} bytes, else -1 (Lzf.compress giving null). */
    static int count(byte[] in, int maxOut) throws IOException {
        return new LzfStream(null).run(in, maxOut);
    }

    /** Writes the compressed form of {@code in} (which {@link #count} said fits in {@code maxOut}). */
    static void write(byte[] in, int maxOut, OutputStream out) throws IOException {
        LzfStream z = new LzfStream(out);
        int end = z.run(in, maxOut);
        if (end < 0) {
            throw new IllegalStateException("LZF output did not fit twice alike");
        }
        out.write(z.window, 0, end - z.start);
    }

    private static int idx(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    private int get(int slot) {
        return table[slot] - 1;
    }

    private void put(int slot, int ip) {
        table[slot] = ip + 1;
    }

    /** Sets output byte {@code at}, passing older bytes on when the window is full. */
    private void set(int at, int b) throws IOException {
        if (sink == null) {
            return;
        }
        if (at - start >= window.length) {
            int pass = at - KEEP - start;
            sink.write(window, 0, pass);
            System.arraycopy(window, pass, window, 0, window.length - pass);
            start += pass;
        }
        window[at - start] = (byte) b;
    }

    /** Lzf.Compressor.run with every output byte going through {@link #set}; the end position or -1. */
    private int run(byte[] in, int outLen) throws IOException {
        int inLen = in.length;
        if (inLen == 0 || outLen <= 0) {
            return -1;
        }
        int ip = 0;
        int op = 0;
        int lit = 0;
        op++; // start run
        int hval = ((in[0] & 0xff) << 8) | (inLen > 1 ? in[1] & 0xff : 0);
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
                    set(op - lit - 1, lit - 1); // stop run
                    if (lit == 0) {
                        op--; // undo run if length is zero
                    }
                    boolean mismatch = false;
                    if (maxlen > 16) {
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
                    len -= 2;
                    ip++;
                    if (len < 7) {
                        set(op++, (off >> 8) + (len << 5));
                    } else {
                        set(op++, (off >> 8) + (7 << 5));
                        set(op++, len - 7);
                    }
                    set(op++, off);
                    lit = 0;
                    op++; // start run
                    ip += len + 1;
                    if (ip < inLen - 2) {
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
            set(op++, in[ip++]);
            if (lit == MAX_LIT) {
                set(op - lit - 1, lit - 1);
                lit = 0;
                op++;
            }
        }
        set(op - lit - 1, lit - 1); // end run
        if (lit == 0) {
            op--;
        }
        return op;
    }
}
