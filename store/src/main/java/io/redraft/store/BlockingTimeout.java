package io.redraft.store;

/**
 * The timeout argument of the blocking commands, as Redis 7.0's getTimeoutFromObjectOrReply
 * reads it: seconds as a long double (BLPOP...), or milliseconds as an integer (XREAD BLOCK).
 * The store's blocking commands never wait (they are the non-blocking form Redis runs inside
 * MULTI), but they check the timeout first, as Redis does, so a bad one is refused the same way
 * everywhere; the server reads the same value to arm its timer.
 */
public final class BlockingTimeout {
    private BlockingTimeout() {
    }

    /** 0 when the client waits forever, else how many milliseconds it waits; a CommandError when invalid. */
    public static long seconds(byte[] arg, long nowMillis) {
        Double d = Nums.parseDoubleSyntax(arg);
        if (d == null || d.isNaN()) {
            throw new CommandError("ERR timeout is not a float or out of range");
        }
        // Redis multiplies a long double and casts it to long long: a value beyond the range
        // comes out as LLONG_MIN on the machines Redis runs on, so it is "negative" there.
        double ms = Math.ceil(d * 1000.0);
        long tval = ms >= 0x1p63 || ms < -0x1p63 || Double.isInfinite(ms) ? Long.MIN_VALUE : (long) ms;
        return checked(tval, nowMillis);
    }

    /** XREAD / XREADGROUP BLOCK milliseconds. */
    public static long millis(byte[] arg, long nowMillis) {
        Long v = Nums.parseLongOr(arg, null);
        if (v == null) {
            throw new CommandError("ERR timeout is not an integer or out of range");
        }
        return checked(v, nowMillis);
    }

    private static long checked(long tval, long nowMillis) {
        if (tval < 0) {
            throw new CommandError("ERR timeout is negative");
        }
        if (tval > 0 && tval > Long.MAX_VALUE - nowMillis) {
            throw new CommandError("ERR timeout is out of range");
        }
        return tval;
    }
}
