package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static io.redraft.server.ShardKeys.keyIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.RawClient;
import io.redraft.server.ops.PromText;
import io.redraft.server.tool.Reshard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * The sharding families of /metrics (issue #21: "slots owned, migration progress") follow a move:
 * slots by state while a move is half done, keys moved out at the source and imported at the
 * target, and the locked keys of a MIGRATE whose last step failed.
 */
class ShardMetricsTest extends InProcessClusterFixture {
    private record Group(int port, int metricsPort) {
        PromText scrape() throws Exception {
            var r = OpsListenerTest.get(metricsPort, "/metrics", null);
            assertThat(r.statusCode()).isEqualTo(200);
            return PromText.parse(r.body());
        }
    }

    private Group group(String name, String slots) throws Exception {
        int port = InProcessCluster.freePort();
        RedraftServer s = cluster.start(name, port, "--raft.sharding", "yes", "--raft.slot-config", slots,
                "--metrics-port", Integer.toString(InProcessCluster.freePort()));
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            await(() -> c.call("DBSIZE"), r -> r.startsWith(":"));
        }
        return new Group(port, s.metricsPort());
    }

    @Test
    void slotsByStateAndKeysMovedFollowAMove() throws Exception {
        Group a = group("a", "0:8191");
        Group b = group("b", "8192:16383");
        PromText idle = a.scrape();
        assertThat(idle.value("redraft_shard_enabled")).as("a group owning half the slots routes").isEqualTo(1);
        assertThat(idle.value("redraft_shard_slots", "state", "stable")).isEqualTo(8192);
        assertThat(idle.family("redraft_shard_keys_moved_out").type()).isEqualTo("counter");

        try (RawClient ca = new RawClient(a.port())) {
            assertThat(ca.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + b.port())).isEqualTo("+OK\r\n");
            for (int i = 0; i < 5; i++) assertThat(ca.call("SET", keyIn(10, "k" + i), "v")).isEqualTo("+OK\r\n");
        }
        try (RawClient cb = new RawClient(b.port())) {
            assertThat(cb.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + a.port())).isEqualTo("+OK\r\n");
        }
        BitSet slots = new BitSet();
        slots.set(0, 20);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        // Stopped once both groups mark the slots: 20 MIGRATING at A, IMPORTING at B, no key moved yet.
        assertThatThrownBy(() -> new Reshard(10_000, 100, quiet).stopAfter(Reshard.Step.MARKED)
                .move("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port(), slots)).isInstanceOf(Reshard.Stopped.class);
        PromText half = a.scrape();
        assertThat(half.value("redraft_shard_enabled")).isEqualTo(1);
        assertThat(half.value("redraft_shard_groups")).isEqualTo(2);
        assertThat(half.value("redraft_shard_slots", "state", "migrating")).isEqualTo(20);
        assertThat(half.value("redraft_shard_slots", "state", "stable")).isEqualTo(8172);
        assertThat(b.scrape().value("redraft_shard_slots", "state", "importing")).isEqualTo(20);

        new Reshard(10_000, 100, quiet).move("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port(), slots);
        PromText after = a.scrape();
        assertThat(after.value("redraft_shard_slots", "state", "migrating")).isZero();
        assertThat(after.value("redraft_shard_slots", "state", "stable")).isEqualTo(8172);
        assertThat(after.value("redraft_shard_keys_moved_out_total")).isEqualTo(5);
        assertThat(after.value("redraft_shard_locked_keys")).isZero();
        PromText target = b.scrape();
        assertThat(target.value("redraft_shard_keys_imported_total")).isEqualTo(5);
        assertThat(target.value("redraft_shard_slots", "state", "stable")).isEqualTo(8192 + 20);

        // A MIGRATE whose delete-and-unlock failed leaves its key locked, and the gauge says so.
        int slot = 30;
        try (RawClient ca = new RawClient(a.port()); RawClient cb = new RawClient(b.port())) {
            assertThat(ca.call("SET", keyIn(slot, "stuck"), "v")).isEqualTo("+OK\r\n");
            BitSet one = new BitSet();
            one.set(slot);
            assertThatThrownBy(() -> new Reshard(10_000, 100, quiet).stopAfter(Reshard.Step.MARKED)
                    .move("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port(), one)).isInstanceOf(Reshard.Stopped.class);
            assertThat(ca.call("CONFIG", "SET", "raft.migration-debug", "fail-unlock")).isEqualTo("+OK\r\n");
            assertThat(ca.call("MIGRATE", "127.0.0.1", Integer.toString(b.port()), "", "0", "5000", "KEYS",
                    keyIn(slot, "stuck"))).startsWith("-ERR Unable to unlock");
            assertThat(a.scrape().value("redraft_shard_locked_keys")).isEqualTo(1);
            assertThat(cb.call("DBSIZE")).isEqualTo(":6\r\n");
        }
    }
}
