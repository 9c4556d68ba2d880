package io.redraft.store;

import io.redraft.resp.ReplySink;

import java.nio.charset.StandardCharsets;

/** Reply helpers and argument range checks shared by the data-type packages. */
public final class Replies {
    private Replies() {
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Empty set reply: RESP3 {@code ~0}, RESP2 {@code *0}. */
    public static void emptySet(ReplySink out) {
        out.setHeader(0);
    }

    /**
     * Redis's getRangeLongFromObjectOrReply: a non-integer or out-of-range value replies
     * {@code msg} when given, else the generic texts.
     */
    /**
     * The optional {@code COUNT n} that ends LMPOP/ZMPOP (and their blocking forms) from argument
     * {@code from} on: 1 when absent; a repeated or unknown word is a syntax error.
     */
    public static long mpopCount(Call c, int from) {
        long count = -1;
        for (int j = from; j < c.argc(); j++) {
            if (count == -1 && c.argIs(j, "count") && j < c.argc() - 1) {
                count = rangeLong(c, ++j, 1, Long.MAX_VALUE, "count should be greater than 0");
            } else {
                throw Errors.syntax();
            }
        }
        return count == -1 ? 1 : count;
    }

    public static long rangeLong(Call c, int i, long min, long max, String msg) {
        Long v = Nums.parseLongOr(c.arg(i), null);
        if (v == null) {
            throw new CommandError(msg != null ? "ERR " + msg : Errors.NOT_INTEGER);
        }
        if (v < min || v > max) {
            throw new CommandError(msg != null ? "ERR " + msg
                    : "ERR value is out of range, value must between " + min + " and " + max);
        }
        return v;
    }

    /** Redis's getPositiveLongFromObjectOrReply. */
    public static long positiveLong(Call c, int i, String msg) {
        return rangeLong(c, i, 0, Long.MAX_VALUE, msg != null ? msg : "value is out of range, must be positive");
    }
}
