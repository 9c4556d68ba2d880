package io.redraft.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic sampling without replacement (partial Fisher-Yates over a copy). */
public final class Sampling {
    private Sampling() {
    }

    /**
     * The most picks SRANDMEMBER/HRANDFIELD/ZRANDMEMBER give for a negative count (picks with
     * repetition). Redis 7.0 has no limit: asked for -9223372036854775807 picks it streams them
     * into the client's output buffer until memory runs out (redis-server 7.0.15 on the build
     * machine reached 10 GB). A node must not die or stall its apply thread over one read, so
     * past this limit an existing key answers a range error instead; a missing key still
     * answers an empty array, as in Redis.
     */
    public static final long MAX_REPEATED_PICKS = 1L << 24;

    /** Throws the range error when a negative count asks for more than {@link #MAX_REPEATED_PICKS}. */
    public static void checkRepeatedPicks(long count) {
        if (count < -MAX_REPEATED_PICKS) {
            throw new CommandError("ERR value is out of range, value must between " + -MAX_REPEATED_PICKS
                    + " and " + Long.MAX_VALUE);
        }
    }

    /**
     * {@code count} picks with repetition, drawn one by one as the list is iterated (once, in
     * order), so a large count costs no memory: for replies written while iterating.
     */
    public static <T> List<T> withRepetition(List<T> all, int count, SplittableRandom rnd) {
        return new java.util.AbstractList<>() {
            @Override
            public T get(int index) {
                return all.get(rnd.nextInt(all.size()));
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    public static <T> List<T> distinct(List<T> all, int k, SplittableRandom rnd) {
        List<T> copy = new ArrayList<>(all);
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(copy.size() - i);
            T t = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, t);
        }
        return copy.subList(0, k);
    }
}
