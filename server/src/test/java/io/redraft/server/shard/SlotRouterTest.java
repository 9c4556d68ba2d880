package io.redraft.server.shard;

import io.redraft.store.HashSlot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.redraft.server.shard.ShardMapTest.LOCAL;
import static io.redraft.server.shard.ShardMapTest.OTHER;
import static io.redraft.server.shard.ShardMapTest.THIRD;
import static io.redraft.server.shard.ShardMapTest.node;
import static org.assertj.core.api.Assertions.assertThat;

class SlotRouterTest {
    final SlotRouter router = new SlotRouter();
    static final Predicate<byte[]> NONE = k -> false;

    static byte[] key(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A key whose slot is {@code slot}, found by trying tags. */
    static byte[] keyIn(int slot, String prefix) {
        for (int i = 0; ; i++) {
            byte[] k = key(prefix + "{" + i + "}");
            if (HashSlot.of(k) == slot) return k;
        }
    }

    @Test
    void withoutShardingNothingIsCheckedNotEvenCrossSlot() throws Exception {
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 16383)));
        assertThat(router.route(map, List.of(key("a"), key("b")), false, NONE, NONE)).isEqualTo(SlotDecision.NO_KEYS);
        assertThat(router.route(map, List.of(), false, NONE, NONE)).isEqualTo(SlotDecision.NO_KEYS);
        // Once the map is more than the whole local group, keys of two slots are refused.
        ShardMap sharded = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 16383)))
                .add(new ShardGroup(OTHER, List.of(), List.of()));
        assertThat(router.route(sharded, List.of(key("a"), key("b")), false, NONE, NONE)).isEqualTo(SlotDecision.CROSSSLOT);
        assertThat(router.route(sharded, List.of(key("{t}a"), key("{t}b")), false, NONE, NONE))
                .isEqualTo(new SlotDecision.Serve(HashSlot.of(key("t"))));
    }

    @Test
    void foreignSlotsAreMovedRoundRobinAndUnownedOnesAreDown() throws Exception {
        ShardNode a = new ShardNode(node(OTHER, 1), "h1", 1);
        ShardNode b = new ShardNode(node(OTHER, 2), "h2", 2);
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 99)))
                .add(new ShardGroup(OTHER, List.of(SlotRange.stable(100, 200)), List.of(a, b)));
        byte[] k = keyIn(150, "x");
        assertThat(router.route(map, List.of(k), false, NONE, NONE)).isEqualTo(new SlotDecision.Refuse("MOVED 150 h1:1"));
        assertThat(router.route(map, List.of(k), false, NONE, NONE)).isEqualTo(new SlotDecision.Refuse("MOVED 150 h2:2"));
        assertThat(router.route(map, List.of(keyIn(5000, "x")), false, NONE, NONE)).isEqualTo(SlotDecision.NOT_SERVED);
        assertThat(router.route(map, List.of(keyIn(50, "x")), false, NONE, NONE)).isEqualTo(new SlotDecision.Serve(50));
    }

    @Test
    void aMigratingSlotServesPresentKeysAsksForMissingOnesAndRetriesSplitOnes() throws Exception {
        ShardNode target = new ShardNode(node(THIRD, 1), "t", 9);
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 99), new SlotRange(100, 100, SlotRange.Type.MIGRATING, 5)))
                .add(new ShardGroup(THIRD, List.of(new SlotRange(100, 100, SlotRange.Type.IMPORTING, 5)), List.of(target)));
        byte[] k1 = keyIn(100, "a");
        byte[] k2 = keyIn(100, "b");
        Set<byte[]> here = Set.of(k1);
        Predicate<byte[]> exists = here::contains;
        assertThat(router.route(map, List.of(k1), false, exists, NONE)).isEqualTo(new SlotDecision.Serve(100));
        assertThat(router.route(map, List.of(k2), false, exists, NONE)).isEqualTo(new SlotDecision.Refuse("ASK 100 t:9"));
        assertThat(router.route(map, List.of(k1, k2), false, exists, NONE)).isEqualTo(SlotDecision.TRYAGAIN);
        assertThat(router.route(map, List.of(k1), false, exists, k -> true)).isEqualTo(SlotDecision.TRYAGAIN);
    }

    @Test
    void anImportingSlotIsServedOnlyAfterAsking() throws Exception {
        ShardNode source = new ShardNode(node(OTHER, 1), "s", 8);
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 99), new SlotRange(100, 100, SlotRange.Type.IMPORTING, 5)))
                .add(new ShardGroup(OTHER, List.of(new SlotRange(100, 100, SlotRange.Type.MIGRATING, 5)), List.of(source)));
        byte[] k1 = keyIn(100, "a");
        byte[] k2 = keyIn(100, "b");
        assertThat(router.route(map, List.of(k1), false, NONE, NONE)).isEqualTo(new SlotDecision.Refuse("MOVED 100 s:8"));
        assertThat(router.route(map, List.of(k1), true, NONE, NONE)).isEqualTo(new SlotDecision.Serve(100));
        assertThat(router.route(map, List.of(k1, k2), true, k -> k == k1, NONE)).isEqualTo(SlotDecision.TRYAGAIN);
    }
}
