package io.redraft.store.zset;

import io.redraft.store.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The span-carrying skip list agrees with a sorted reference on order and ranks. */
class SkipListTest {
    private record Key(double score, String member) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Double.compare(score, o.score);
            return c != 0 ? c : Arrays.compareUnsigned(member.getBytes(), o.member.getBytes());
        }
    }

    @Test
    void ranksMatchReferenceUnderRandomUpdates() {
        ZSetValue z = new ZSetValue();
        TreeMap<String, Double> scores = new TreeMap<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int step = 0; step < 20_000; step++) {
            String m = "m" + r.nextInt(400);
            if (r.nextInt(4) == 0) {
                z.remove(Bytes.of(m));
                scores.remove(m);
            } else {
                double s = r.nextInt(50);
                z.set(Bytes.of(m), s);
                scores.put(m, s);
            }
            if (step % 1000 == 0) {
                check(z, scores);
            }
        }
        check(z, scores);
    }

    private static void check(ZSetValue z, TreeMap<String, Double> scores) {
        List<Key> ref = new ArrayList<>();
        scores.forEach((m, s) -> ref.add(new Key(s, m)));
        ref.sort(null);
        assertThat(z.zsl.length).isEqualTo(ref.size());
        for (int i = 0; i < ref.size(); i++) {
            Key k = ref.get(i);
            assertThat(z.zsl.rank(k.score(), Bytes.of(k.member()))).isEqualTo(i + 1);
            assertThat(z.zsl.byRank(i + 1).member).isEqualTo(Bytes.of(k.member()));
        }
    }
}
