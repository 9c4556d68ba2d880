package io.redraft.server.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.resp.RawClient;
import io.redraft.server.RedraftServer;
import io.redraft.server.config.ServerConfig;
import io.redraft.store.HashSlot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator moves slots between two groups with their keys, and a run stopped after any of
 * its steps is finished by running it again (or by {@code resumeAll}), nothing lost, no key in
 * two groups.
 */
class ReshardTest {
    @TempDir
    Path dir;
    private final List<RedraftServer> servers = new ArrayList<>();
    /** A key of A's that does not move: slot 5000. */
    private static final String OTHER = io.redraft.server.ShardKeys.keyIn(5000, "other");
    private int pa;
    private int pb;

    @AfterEach
    void stop() {
        servers.forEach(RedraftServer::close);
    }

    private static int freePort() throws Exception {
        return io.redraft.server.TestPorts.free();
    }

    private int start(String name, String slots) throws Exception {
        int port = freePort();
        servers.add(RedraftServer.start(ServerConfig.parse(new String[] {"--port", Integer.toString(port), "--bind",
            "127.0.0.1", "--dir", dir.resolve(name).toFile().getAbsolutePath(), "--raft.addr", "127.0.0.1:" + port,
            "--raft.log-fsync", "no", "--raft.sharding", "yes", "--raft.slot-config", slots})));
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!c.call("DBSIZE").startsWith(":") && System.nanoTime() < deadline) Thread.onSpinWait();
        }
        return port;
    }

    /** Groups A (0-8100, with keys in slots 0-99) and B (8192-16383), linked both ways; 8101-8191 unowned. */
    private List<String> setUp() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("a"));
        java.nio.file.Files.createDirectories(dir.resolve("b"));
        pa = start("a", "0:8100");
        pb = start("b", "8192:16383");
        List<String> keys = new ArrayList<>();
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            assertThat(ca.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pb)).isEqualTo("+OK\r\n");
            assertThat(cb.call("RAFT.SHARDGROUP", "LINK", "127.0.0.1:" + pa)).isEqualTo("+OK\r\n");
            for (int i = 0; keys.size() < 300; i++) {
                String k = "key:" + i;
                int slot = HashSlot.of(k.getBytes(StandardCharsets.UTF_8));
                if (slot >= 100) continue;
                assertThat(ca.call("SET", k, "v" + i)).isEqualTo("+OK\r\n");
                keys.add(k);
            }
            assertThat(ca.call("SET", OTHER, "stays")).isEqualTo("+OK\r\n");
        }
        return keys;
    }

    private static BitSet slots(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to + 1);
        return b;
    }

    /** Every key readable at B with its value, none left at A, and A sends clients to B. */
    private void assertMoved(List<String> keys) throws Exception {
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            for (String k : keys) {
                String v = "v" + k.substring(4);
                assertThat(cb.call("GET", k)).as(k).isEqualTo("$" + v.length() + "\r\n" + v + "\r\n");
                assertThat(ca.call("GET", k)).as(k).startsWith("-MOVED ");
            }
            long atA = 0;
            for (int s = 0; s < 100; s++) atA += Long.parseLong(ca.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(s)).trim().substring(1));
            assertThat(atA).isZero();
            assertThat(ca.call("GET", OTHER)).isEqualTo("$5\r\nstays\r\n");
            assertThat(ca.call("CLUSTER", "SLOTS")).contains(":100\r\n:8100\r\n").contains(":0\r\n:99\r\n");
            assertThat(cb.call("CLUSTER", "SLOTS")).isEqualTo(ca.call("CLUSTER", "SLOTS"));
        }
    }

    @Test
    void slotsMoveWithTheirKeysAndAnotherRunFindsNothingToDo() throws Exception {
        List<String> keys = setUp();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reshard r = new Reshard(10_000, 32, new PrintStream(out, true, StandardCharsets.UTF_8));
        r.move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99));
        assertThat(r.keysMoved()).isEqualTo(keys.size());
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("100/100 slots, " + keys.size() + " keys moved");
        assertMoved(keys);
        Reshard again = new Reshard(10_000, 32, new PrintStream(new ByteArrayOutputStream()));
        again.move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99));
        assertThat(again.slotsDone()).isZero();
    }

    /** Every step, the run resumed through a node of the source and through a node of the target. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> stepsAndResumers() {
        return java.util.Arrays.stream(Reshard.Step.values())
                .flatMap(st -> java.util.stream.Stream.of(org.junit.jupiter.params.provider.Arguments.of(st, "source"),
                        org.junit.jupiter.params.provider.Arguments.of(st, "target")));
    }

    @ParameterizedTest(name = "{0}, resumed through the {1}")
    @org.junit.jupiter.params.provider.MethodSource("stepsAndResumers")
    void aRunStoppedAfterAnyStepIsFinishedByResume(Reshard.Step step, String through) throws Exception {
        List<String> keys = setUp();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> new Reshard(10_000, 100, quiet).stopAfter(step)
                .move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99))).isInstanceOf(Reshard.Stopped.class);
        // While the tool is dead every key is reachable by a client that follows MOVED and ASK.
        for (String k : keys) assertThat(readFollowing(k)).as(k + " after " + step).isEqualTo("v" + k.substring(4));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Reshard(10_000, 100, new PrintStream(out, true, StandardCharsets.UTF_8))
                .resumeAll("127.0.0.1:" + (through.equals("source") ? pa : pb));
        if (step != Reshard.Step.SOURCE_RELEASED) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("resuming 100 slots");
        }
        assertMoved(keys);
        // And the same run once more finds nothing to do.
        Reshard again = new Reshard(10_000, 100, quiet);
        again.move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99));
        assertThat(again.slotsDone()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Reshard.Step.class)
    void aRunStoppedAfterAnyStepIsFinishedByRunningTheSameMoveAgain(Reshard.Step step) throws Exception {
        List<String> keys = setUp();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> new Reshard(10_000, 100, quiet).stopAfter(step)
                .move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99))).isInstanceOf(Reshard.Stopped.class);
        new Reshard(10_000, 100, quiet).move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99));
        assertMoved(keys);
    }

    /**
     * A leader of either group changing under the tool (its call answered MOVED) after any step:
     * the same run goes on with the new leaders and finishes, without a second run.
     */
    @ParameterizedTest
    @EnumSource(Reshard.Step.class)
    void aLeaderChangeAfterAnyStepDoesNotEndTheRun(Reshard.Step step) throws Exception {
        List<String> keys = setUp();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Reshard(10_000, 100, new PrintStream(out)).failOnceAfter(step).move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(0, 99));
        assertMoved(keys);
        assertThat(out.toString()).contains("going on with the groups' leaders now (attempt 2 of");
    }

    /** GET as a cluster client does it: start at A, follow -MOVED, and -ASK with ASKING. */
    private String readFollowing(String key) throws Exception {
        int port = pa;
        boolean asking = false;
        for (int hop = 0; hop < 5; hop++) {
            try (RawClient c = new RawClient(port)) {
                if (asking) assertThat(c.call("ASKING")).isEqualTo("+OK\r\n");
                String r = c.call("GET", key);
                if (r.startsWith("$")) return r.substring(r.indexOf("\r\n") + 2, r.length() - 2);
                if (!r.startsWith("-MOVED ") && !r.startsWith("-ASK ")) return r;
                asking = r.startsWith("-ASK ");
                port = Integer.parseInt(r.trim().substring(r.lastIndexOf(':') + 1));
            }
        }
        return "too many redirects";
    }

    @Test
    void groupsMayBeNamedByTheirIds() throws Exception {
        List<String> keys = setUp();
        String idA;
        String idB;
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            idA = info(ca.call("INFO", "raft"), "raft_dbid");
            idB = info(cb.call("INFO", "raft"), "raft_dbid");
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(AdminMain.run(List.of("reshard", "--from", idA, "--to", "f".repeat(32), "--slots", "0-99",
                "127.0.0.1:" + pb), o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no shard group " + "f".repeat(32));
        assertThat(AdminMain.run(List.of("reshard", "--from", idA, "--to", idB, "--slots", "0-99", "127.0.0.1:" + pb), o, e))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertMoved(keys);
    }

    private static String info(String text, String field) {
        int at = text.indexOf(field + ":") + field.length() + 1;
        return text.substring(at, text.indexOf('\r', at));
    }

    @Test
    void slotsTheSourceDoesNotOwnAreRefusedBeforeAnythingChanges() throws Exception {
        setUp();
        Reshard r = new Reshard(10_000, 100, new PrintStream(new ByteArrayOutputStream()));
        assertThatThrownBy(() -> r.move("127.0.0.1:" + pa, "127.0.0.1:" + pb, slots(8000, 8150)))
                .isInstanceOf(AdminException.class).hasMessageContaining("slot 8101 is not owned by the source group");
        try (RawClient ca = new RawClient(pa)) {
            assertThat(ca.call("CLUSTER", "SLOTS")).contains(":0\r\n:8100\r\n");
        }
    }

    @Test
    void theAdminCommandMovesSlotsResumesAndRefusesBadArguments() throws Exception {
        List<String> keys = setUp();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(AdminMain.run(List.of("reshard", "--from", "127.0.0.1:" + pa, "--to", "127.0.0.1:" + pb), o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("reshard needs --slots or --count");
        assertThat(AdminMain.run(List.of("reshard", "--from", "127.0.0.1:" + pa, "--to", "127.0.0.1:" + pb,
                "--slots", "0-99,x"), o, e)).isEqualTo(2);
        assertThat(AdminMain.run(List.of("reshard", "--from", "127.0.0.1:" + pa, "--to", "127.0.0.1:" + pb,
                "--count", "100"), o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("reshard: done, 100 slots, " + keys.size() + " keys moved");
        assertThat(AdminMain.run(List.of("reshard", "--resume", "127.0.0.1:" + pa), o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing in motion");
        assertMoved(keys);
    }
}
