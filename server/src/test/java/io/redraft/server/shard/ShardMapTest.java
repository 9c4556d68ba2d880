package io.redraft.server.shard;

import io.redraft.store.HashSlot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardMapTest {
    static final String LOCAL = "a".repeat(32);
    static final String OTHER = "b".repeat(32);
    static final String THIRD = "c".repeat(32);

    static byte[][] argv(String... a) {
        return Arrays.stream(a).map(s -> s.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
    }

    static String node(String group, int n) {
        return group + String.format("%08x", n);
    }

    @Test
    void addParsesRedisRaftsLayout() throws Exception {
        ShardGroup g = ShardGroupArgs.add(argv("RAFT.SHARDGROUP", "ADD", OTHER, "2", "2",
                "0", "100", "1", "0", "200", "200", "3", "7",
                node(OTHER, 1), "10.0.0.1:5001", node(OTHER, 2), "host-b:5002"), 2);
        assertThat(g.id()).isEqualTo(OTHER);
        assertThat(g.ranges()).containsExactly(SlotRange.stable(0, 100), new SlotRange(200, 200, SlotRange.Type.MIGRATING, 7));
        assertThat(g.nodes()).extracting(ShardNode::address).containsExactly("10.0.0.1:5001", "host-b:5002");
    }

    @Test
    void addRefusesEachMalformedArgumentWithItsIndex() {
        assertError(argv("R", "ADD", "short", "0", "0"), "ERR shard group id must be 32 characters (argv[2])");
        assertError(argv("R", "ADD", OTHER, "x", "0"), "ERR failed to parse number of slots (argv[3])");
        assertError(argv("R", "ADD", OTHER, "0", "-1"), "ERR failed to parse number of nodes (argv[4])");
        assertError(argv("R", "ADD", OTHER, "1", "0", "5", "4", "1", "0"), "ERR failed to parse slot range (argv[5]:argv[8])");
        assertError(argv("R", "ADD", OTHER, "1", "0", "0", "16384", "1", "0"), "ERR failed to parse slot range (argv[5]:argv[8])");
        assertError(argv("R", "ADD", OTHER, "1", "0", "0", "1", "4", "0"), "ERR failed to parse slot range (argv[5]:argv[8])");
        assertError(argv("R", "ADD", OTHER, "1", "0", "0", "1", "1", "-1"), "ERR failed to parse slot range (argv[5]:argv[8])");
        assertError(argv("R", "ADD", OTHER, "0", "1", "abc", "h:1"), "ERR node id must be 40 characters (argv[5])");
        assertError(argv("R", "ADD", OTHER, "0", "1", node(OTHER, 1), "nohost"), "ERR failed to parse node address (argv[6])");
        assertError(argv("R", "ADD", OTHER, "0", "1", node(OTHER, 1), "h:0"), "ERR failed to parse node address (argv[6])");
        assertThatThrownBy(() -> ShardGroupArgs.add(argv("R", "ADD", OTHER, "2", "0", "1", "2", "1", "0"), 2))
                .isInstanceOfSatisfying(ShardGroupError.class, e -> assertThat(e.arity).isTrue());
    }

    private static void assertError(byte[][] argv, String reply) {
        assertThatThrownBy(() -> ShardGroupArgs.add(argv, 2)).isInstanceOf(ShardGroupError.class).hasMessage(reply);
    }

    @Test
    void replaceChecksCountsExtraArgumentsAndOverlaps() throws Exception {
        assertThatThrownBy(() -> ShardGroupArgs.replace(argv("R", "REPLACE", "x"), 2))
                .hasMessage("ERR invalid shard group message(1)");
        assertThatThrownBy(() -> ShardGroupArgs.replace(argv("R", "REPLACE", "1", LOCAL, "0", "0", "extra"), 2))
                .hasMessage("ERR invalid shard group message (extra arguments)");
        assertThatThrownBy(() -> ShardGroupArgs.replace(argv("R", "REPLACE", "2",
                LOCAL, "1", "0", "0", "10", "1", "0", OTHER, "1", "0", "10", "20", "1", "0"), 2))
                .hasMessage("ERR Unable to validate shard groups: shard group already owns this slot");
        assertThatThrownBy(() -> ShardGroupArgs.replace(argv("R", "REPLACE", "2",
                LOCAL, "1", "0", "5", "5", "2", "1", OTHER, "1", "0", "5", "5", "1", "0"), 2))
                .hasMessage("ERR Unable to validate shard groups: slot marked for resharding");
        assertThatThrownBy(() -> ShardGroupArgs.replace(argv("R", "REPLACE", "2",
                LOCAL, "1", "0", "5", "5", "2", "1", OTHER, "1", "0", "5", "5", "2", "1"), 2))
                .hasMessage("ERR Unable to validate shard groups: shard group already importing this slot");
        assertThatThrownBy(() -> ShardGroupArgs.replace(argv("R", "REPLACE", "2",
                LOCAL, "1", "0", "5", "5", "3", "1", OTHER, "1", "0", "5", "5", "3", "1"), 2))
                .hasMessage("ERR Unable to validate shard groups: shard group already migrating this slot");
        List<ShardGroup> ok = ShardGroupArgs.replace(argv("R", "REPLACE", "2",
                LOCAL, "1", "0", "5", "5", "3", "1", OTHER, "1", "0", "5", "5", "2", "1"), 2);
        assertThat(ok).hasSize(2);
    }

    @Test
    void addRefusesSlotsAlreadyOwnedAndKnownIds() throws Exception {
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 8191)));
        assertThat(map.sharding()).isTrue();
        assertThat(ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 16383))).sharding()).isFalse();
        ShardGroup other = new ShardGroup(OTHER, List.of(SlotRange.stable(8191, 9000)), List.of());
        assertThatThrownBy(() -> map.add(other))
                .hasMessage("ERR invalid shardgroup configuration. Consult the logs for more info.");
        ShardMap two = map.add(new ShardGroup(OTHER, List.of(SlotRange.stable(8192, 16383)),
                List.of(new ShardNode(node(OTHER, 1), "h", 1))));
        assertThat(two.stableOwner(8192).id()).isEqualTo(OTHER);
        assertThat(two.stableOwner(0).id()).isEqualTo(LOCAL);
        assertThatThrownBy(() -> two.add(new ShardGroup(OTHER, List.of(), List.of())))
                .hasMessage("ERR Invalid ShardGroup Update");
        assertThat(map.stableOwner(8192)).isNull(); // the old map is untouched
    }

    @Test
    void replaceMustKeepTheLocalGroup() throws Exception {
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 16383)));
        assertThatThrownBy(() -> map.replace(List.of(new ShardGroup(OTHER, List.of(SlotRange.stable(0, 16383)), List.of()))))
                .hasMessageContaining("local shard group missing");
        ShardMap replaced = map.replace(List.of(new ShardGroup(LOCAL, List.of(SlotRange.stable(0, 99)), List.of()),
                new ShardGroup(OTHER, List.of(SlotRange.stable(100, 16383)), List.of())));
        assertThat(replaced.stableOwner(100).id()).isEqualTo(OTHER);
    }

    @Test
    void refreshChangesOnlyAForeignGroupsNodes() throws Exception {
        ShardNode n1 = new ShardNode(node(OTHER, 1), "h", 1);
        ShardNode n2 = new ShardNode(node(OTHER, 2), "h", 2);
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 99)))
                .add(new ShardGroup(OTHER, List.of(SlotRange.stable(100, 200)), List.of(n1)));
        ShardMap next = map.updateNodes(new ShardGroup(OTHER, List.of(SlotRange.stable(0, 16383)), List.of(n2)));
        assertThat(next.group(OTHER).nodes()).containsExactly(n2);
        assertThat(next.group(OTHER).ranges()).containsExactly(SlotRange.stable(100, 200));
        assertThatThrownBy(() -> map.updateNodes(new ShardGroup(THIRD, List.of(), List.of())))
                .hasMessage("ERR Invalid ShardGroup Update");
    }

    @Test
    void encodingRoundTripsAndRefusesDamage() throws Exception {
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 99), new SlotRange(100, 100, SlotRange.Type.MIGRATING, 42)))
                .add(new ShardGroup(OTHER, List.of(new SlotRange(100, 100, SlotRange.Type.IMPORTING, 42),
                        SlotRange.stable(101, 16383)), List.of(new ShardNode(node(OTHER, 3), "10.1.1.1", 7000))));
        byte[] bytes = map.encode();
        assertThat(ShardMap.decode(bytes)).isEqualTo(map);
        for (int cut = 0; cut < bytes.length; cut += 7) {
            byte[] part = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> ShardMap.decode(part)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void slotConfigAcceptsTheSeedsForms() {
        assertThat(SlotConfig.parse("0:100,200,300:400")).containsExactly(SlotRange.stable(0, 100),
                SlotRange.stable(200, 200), SlotRange.stable(300, 400));
        assertThat(SlotConfig.parse("")).isEmpty();
        for (String bad : Set.of("5:4", "0:16384", "a", "1:2:3", "0:10,5", ",", "-1", "+1", "01")) {
            assertThat(SlotConfig.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void everySlotHasOneStableOwnerAfterAnySplit() throws Exception {
        ShardMap map = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 5460)))
                .add(new ShardGroup(OTHER, List.of(SlotRange.stable(5461, 10922)), List.of()))
                .add(new ShardGroup(THIRD, List.of(SlotRange.stable(10923, 16383)), List.of()));
        for (int s = 0; s < HashSlot.SLOTS; s++) assertThat(map.stableOwner(s)).isNotNull();
    }
}
