package io.redraft.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic sampling without replacement (partial Fisher-Yates over a copy). */
public final class Sampling {
    private Sampling() {
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
