package io.redraft.store.stream;

import io.redraft.store.CommandError;
import io.redraft.store.Nums;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID: two unsigned 64-bit numbers (milliseconds, sequence), ordered as Redis
 * orders them (unsigned, ms first). Java longs hold the bits; every comparison and print is
 * unsigned.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {
    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);

    static final String INVALID = "ERR Invalid stream ID specified as stream command argument";

    @Override
    public int compareTo(StreamId o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID, or null past the last possible one (streamIncrID's error). */
    public StreamId next() {
        if (seq == -1L) {
            return ms == -1L ? null : new StreamId(ms + 1, 0);
        }
        return new StreamId(ms, seq + 1);
    }

    /** The previous ID, or null before 0-0 (streamDecrID's error). */
    public StreamId previous() {
        if (seq == 0) {
            return ms == 0 ? null : new StreamId(ms - 1, -1L);
        }
        return new StreamId(ms, seq - 1);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] bytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The 16-byte big-endian form Redis uses as the rax key (and in RDB PELs). */
    public byte[] raxKey() {
        byte[] k = new byte[16];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (ms >>> (56 - 8 * i));
            k[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return k;
    }

    public static StreamId fromRaxKey(byte[] k, int off) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (k[off + i] & 0xFF);
            seq = (seq << 8) | (k[off + 8 + i] & 0xFF);
        }
        return new StreamId(ms, seq);
    }

    /** What an XADD ID argument asked for: an ID, with {@code seqGiven} false for {@code ms-*}. */
    record Parsed(StreamId id, boolean seqGiven) {
    }

    /**
     * streamGenericParseIDOrReply: {@code -} and {@code +} (unless strict), {@code ms} (sequence
     * {@code missingSeq}), {@code ms-seq}, and with {@code allowStarSeq} {@code ms-*}. The
     * argument is read as a C string (up to a NUL) of at most 127 bytes; each part is read as
     * string2ull does (strtoull after string2ll: spaces and a sign are tolerated there).
     */
    static Parsed parse(byte[] arg, boolean strict, long missingSeq, boolean allowStarSeq) {
        int n = 0;
        while (n < arg.length && arg[n] != 0) {
            n++;
        }
        if (arg.length > 127) {
            throw new CommandError(INVALID);
        }
        String s = new String(arg, 0, n, StandardCharsets.ISO_8859_1);
        if (s.equals("-") || s.equals("+")) {
            if (strict) {
                throw new CommandError(INVALID);
            }
            return new Parsed(s.equals("-") ? MIN : MAX, true);
        }
        int dash = s.indexOf('-');
        String msPart = dash < 0 ? s : s.substring(0, dash);
        Long ms = string2ull(msPart);
        if (ms == null) {
            throw new CommandError(INVALID);
        }
        if (dash < 0) {
            return new Parsed(new StreamId(ms, missingSeq), true);
        }
        String seqPart = s.substring(dash + 1);
        if (allowStarSeq && seqPart.equals("*")) {
            return new Parsed(new StreamId(ms, 0), false);
        }
        Long seq = string2ull(seqPart);
        if (seq == null) {
            throw new CommandError(INVALID);
        }
        return new Parsed(new StreamId(ms, seq), true);
    }

    static StreamId parse(byte[] arg, boolean strict, long missingSeq) {
        return parse(arg, strict, missingSeq, false).id();
    }

    /** Redis's string2ull: string2ll if it accepts (negative refused), else strtoull's rules. */
    static Long string2ull(String s) {
        Long ll = Nums.parseLongOr(s.getBytes(StandardCharsets.ISO_8859_1), null);
        if (ll != null) {
            return ll < 0 ? null : ll;
        }
        int i = 0;
        int n = s.length();
        while (i < n && isCSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                overflow = true;
            }
            v = v * 10 + d;
            i++;
        }
        if (i == start || i != n || s.isEmpty() || overflow) {
            return null; // no digits (EINVAL or endptr check), trailing junk, or ERANGE
        }
        return neg ? -v : v;
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
