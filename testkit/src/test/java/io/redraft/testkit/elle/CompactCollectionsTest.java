package io.redraft.testkit.elle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checker's unboxed collections behave as the boxed ones they replace. */
class CompactCollectionsTest {
    @Test
    void valuesAreAnImmutableListOfLongSharingItsArray() {
        long[] key = {5, 7, 9, 0};
        Values three = Values.wrap(key, 3);
        Values two = three.prefix(2);
        assertThat(three).containsExactly(5L, 7L, 9L).isEqualTo(List.of(5L, 7L, 9L));
        assertThat(List.of(5L, 7L, 9L)).isEqualTo(three);
        assertThat(three.hashCode()).isEqualTo(List.of(5L, 7L, 9L).hashCode());
        assertThat(two.isPrefixOf(three)).isTrue();
        assertThat(three.isPrefixOf(two)).isFalse();
        assertThat(Values.of(5, 8).isPrefixOf(three)).isFalse();
        assertThat(Values.of(5, 7).isPrefixOf(three)).isTrue();
        assertThat(two.toString()).isEqualTo("[5, 7]");
        assertThat(Values.copyOf(new ArrayList<>(List.of(1L, 2L)))).isEqualTo(Values.of(1, 2));
        assertThat(MicroOp.read("k", List.of(1L, 2L)).values()).isInstanceOf(Values.class).containsExactly(1L, 2L);
        key[3] = 11; // beyond size: invisible to the views
        assertThat(three).hasSize(3);
    }

    @Test
    void longIntMapAgreesWithAHashMapThroughGrowth() {
        LongIntMap m = new LongIntMap(4);
        java.util.HashMap<Long, Integer> ref = new java.util.HashMap<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            long k = rnd.nextLong(50_000) - 25_000;
            int v = rnd.nextInt(1_000_000);
            Integer prev = ref.putIfAbsent(k, v);
            assertThat(m.putIfAbsent(k, v)).isEqualTo(prev == null ? -1 : prev);
        }
        assertThat(m.size()).isEqualTo(ref.size());
        for (long k = -25_000; k < 25_000; k++) assertThat(m.get(k)).isEqualTo(ref.getOrDefault(k, -1));
    }
}
