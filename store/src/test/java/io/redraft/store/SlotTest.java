package io.redraft.store;

import io.redraft.store.string.StringValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-addressing slot table agrees with a HashMap under heavy insert/delete churn. */
class SlotTest {
    @Test
    void matchesReferenceMapUnderChurn() {
        Slot slot = new Slot();
        Map<Bytes, RedisObject> ref = new HashMap<>();
        SplittableRandom r = new SplittableRandom(8);
        for (int step = 0; step < 100_000; step++) {
            Bytes k = Bytes.of("k" + r.nextInt(r.nextBoolean() ? 50 : 3_000));
            switch (r.nextInt(3)) {
                case 0, 1 -> {
                    RedisObject v = new StringValue(new byte[]{(byte) step});
                    assertThat(slot.put(k, v)).isSameAs(ref.put(k, v));
                }
                default -> assertThat(slot.remove(k)).isSameAs(ref.remove(k));
            }
            if (step % 10_000 == 0) {
                check(slot, ref);
            }
        }
        check(slot, ref);
        for (Bytes k : ref.keySet().toArray(new Bytes[0])) {
            slot.remove(k);
        }
        assertThat(slot.size()).isZero();
    }

    private static void check(Slot slot, Map<Bytes, RedisObject> ref) {
        assertThat(slot.size()).isEqualTo(ref.size());
        ref.forEach((k, v) -> assertThat(slot.get(k)).isSameAs(v));
        assertThat(slot.sortedKeys()).containsExactlyElementsOf(new TreeSet<>(ref.keySet()));
    }
}
