package io.redraft.server.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import io.redraft.server.RedraftServer;
import io.redraft.server.config.ServerConfig;
import io.redraft.server.shard.ShardMap;
import io.redraft.store.HashSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code redraft-admin add-group} forms a third group and links it both ways; {@code rebalance}
 * then gives each group a third of the slots, live, with every key in exactly one group, the one
 * owning its slot, and a second rebalance finds nothing to move.
 */
class AddGroupRebalanceTest {
    @TempDir
    Path dir;
    private final List<RedraftServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(RedraftServer::close);
    }

    private static int freePort() throws Exception {
        return io.redraft.server.TestPorts.free();
    }

    private int start(String name, String slots, boolean init) throws Exception {
        int port = freePort();
        Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
                dir.resolve(name).toFile().getAbsolutePath(), "--raft.addr", "127.0.0.1:" + port, "--raft.log-fsync", "no",
                "--raft.sharding", "yes", "--raft.shardgroup-update-interval", "500"));
        if (slots != null) args.addAll(List.of("--raft.slot-config", slots));
        servers.add(RedraftServer.start(ServerConfig.parse(args.toArray(new String[0]))));
        if (init) {
            try (RawClient c = new RawClient(port)) {
                assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!c.call("DBSIZE").startsWith(":") && System.nanoTime() < deadline) Thread.onSpinWait();
            }
        }
        return port;
    }

    private static ShardMap map(int port) throws Exception {
        try (RawClient c = new RawClient(port)) {
            byte[] raw = c.call(List.of("RAFT.SHARDGROUP".getBytes(), "MAP".getBytes()));
            int start = new String(raw, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
            return ShardMap.decode(java.util.Arrays.copyOfRange(raw, start, raw.length - 2));
        }
    }

    private static int ownedHere(ShardMap m) {
        int n = 0;
        for (int s = 0; s < HashSlot.SLOTS; s++) {
            if (m.stableOwner(s) != null && m.stableOwner(s).id().equals(m.localId())) n++;
        }
        return n;
    }

    @Test
    void aNewGroupIsAddedAndRebalancedLiveWithEveryKeyInItsOwner() throws Exception {
        int pa = start("a", "0:8191", true);
        int pb = start("b", "8192:16383", true);
        Map<String, String> keys = new LinkedHashMap<>();
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pb)).isEqualTo("+OK\r\n");
            assertThat(cb.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pa)).isEqualTo("+OK\r\n");
            for (int i = 0; i < 3000; i++) {
                String k = "key:" + i;
                RawClient c = HashSlot.of(k.getBytes(StandardCharsets.UTF_8)) < 8192 ? ca : cb;
                assertThat(c.call("SET", k, "v" + i)).isEqualTo("+OK\r\n");
                keys.put(k, "v" + i);
            }
        }
        int pc = start("c", null, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(AdminMain.run(List.of("add-group", "--to", "127.0.0.1:" + pb, "127.0.0.1:" + pc), o, e))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no slots, linked with 2 groups");
        for (int p : new int[] {pa, pb, pc}) assertThat(map(p).groups()).hasSize(3);
        assertThat(ownedHere(map(pc))).isZero();
        // A node that already belongs to a cluster is refused, and nothing is formed.
        assertThat(AdminMain.run(List.of("add-group", "--to", "127.0.0.1:" + pb, "127.0.0.1:" + pa), o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is already part of a cluster");

        assertThat(AdminMain.run(List.of("rebalance", "127.0.0.1:" + pc), o, e)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("rebalance: done").contains("keys/s").containsPattern("reshard: \\d+/\\d+ slots, \\d+ keys moved");
        List<Integer> shares = new ArrayList<>();
        long total = 0;
        for (int p : new int[] {pa, pb, pc}) {
            shares.add(ownedHere(map(p)));
            try (RawClient c = new RawClient(p)) {
                total += Long.parseLong(c.call("DBSIZE").trim().substring(1));
            }
        }
        assertThat(shares).containsExactlyInAnyOrder(5462, 5461, 5461);
        // Every key is in the group owning its slot (so in exactly one: the DBSIZEs add up), with its value.
        assertThat(total).isEqualTo(keys.size());
        Map<Integer, BitSet> ownedBy = new LinkedHashMap<>();
        for (int p : new int[] {pa, pb, pc}) {
            ShardMap m = map(p);
            BitSet b = new BitSet();
            for (int s = 0; s < HashSlot.SLOTS; s++) if (m.stableOwner(s) != null && m.stableOwner(s).id().equals(m.localId())) b.set(s);
            ownedBy.put(p, b);
        }
        for (var k : keys.entrySet()) {
            int slot = HashSlot.of(k.getKey().getBytes(StandardCharsets.UTF_8));
            int port = ownedBy.entrySet().stream().filter(x -> x.getValue().get(slot)).findFirst().orElseThrow().getKey();
            try (RawClient c = new RawClient(port)) {
                assertThat(c.call("GET", k.getKey())).isEqualTo("$" + k.getValue().length() + "\r\n" + k.getValue() + "\r\n");
            }
        }
        out.reset();
        assertThat(AdminMain.run(List.of("rebalance", "127.0.0.1:" + pa), o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing in motion").contains("balanced, nothing to move");
    }

    @Test
    void thePlanTakesTheHighestSlotsOfTheBiggestGroups() {
        Map<String, BitSet> owned = new LinkedHashMap<>();
        BitSet a = new BitSet();
        a.set(0, 8192);
        BitSet b = new BitSet();
        b.set(8192, 16384);
        owned.put("a", a);
        owned.put("b", b);
        owned.put("c", new BitSet());
        List<Rebalance.Move> plan = Rebalance.plan(owned);
        assertThat(plan).hasSize(2);
        assertThat(plan.stream().mapToInt(m -> m.slots().cardinality()).sum()).isEqualTo(5461);
        assertThat(plan).allMatch(m -> m.to().equals("c"));
        assertThat(plan.get(0).slots().get(8191)).isTrue();
        assertThat(plan.get(1).slots().get(16383)).isTrue();
        owned.get("c").set(0);
        assertThat(Rebalance.plan(Map.of("x", a))).isEmpty();
    }
}
