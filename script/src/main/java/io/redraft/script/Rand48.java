package io.redraft.script;

/**
 * The 48-bit linear congruential generator of POSIX drand48 family, which Redis's Lua uses
 * for math.random (a fixed algorithm, so the sequence does not depend on the platform's libc).
 */
final class Rand48 {
    private static final long MULT = 0x5DEECE66DL;
    private static final long ADD = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    /** Redis's REDIS_LRAND48_MAX: INT32_MAX. */
    static final long LRAND48_MAX = Integer.MAX_VALUE;

    private long x;

    void seed(long seed) {
        x = (((seed & 0xFFFFFFFFL) << 16) | 0x330EL) & MASK;
    }

    /** lrand48: the next 31-bit value. */
    long next() {
        x = (x * MULT + ADD) & MASK;
        return x >>> 17;
    }

    /** Redis's redis_math_random without arguments: a number in [0, 1). */
    double nextDouble() {
        return (double) (next() % LRAND48_MAX) / (double) LRAND48_MAX;
    }
}
