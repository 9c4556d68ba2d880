package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.server.tool.AdminMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * bin/redraft-admin against real nodes: {@code create} turns uninitialized nodes into linked shard
 * groups, {@code status} shows them, {@code check} passes on them and fails (exit 1) on two groups
 * that both serve every slot; bad arguments and unreachable nodes exit 2.
 */
@Tag("cluster")
class RedraftAdminTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    record Run(int code, String out, String err) {
    }

    static Run admin(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = AdminMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The script itself, as an operator runs it, on the jar under test. */
    static Run script(String... args) throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("bin/redraft-admin"))) p = p.getParent();
        assertThat(p).as("bin/redraft-admin above the working directory").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(p.resolve("bin/redraft-admin").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("REDRAFT_JAR", ServerJar.locate().toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path err = Files.createTempFile("redraft-admin", ".err");
        pb.redirectError(err.toFile());
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Run r = new Run(proc.exitValue(), out, Files.readString(err));
        Files.delete(err);
        return r;
    }

    private static String[] with(String command, List<String> addresses, String... options) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(options));
        all.addAll(addresses);
        return all.toArray(String[]::new);
    }

    @Test
    void createMakesLinkedGroupsThatStatusShowsAndCheckPasses() throws Exception {
        LocalCluster c = clusters.start(4, "--raft.sharding", "yes", "--raft.shardgroup-update-interval", "200");
        List<String> addrs = c.nodes().stream().map(NodeProcess::address).toList();

        Run create = admin(with("create", addrs, "--shards", "2"));
        assertThat(create.code()).as(create.toString()).isZero();
        assertThat(create.out()).containsPattern("group 0 [0-9a-f]{32}: slots 0-8191")
                .containsPattern("group 1 [0-9a-f]{32}: slots 8192-16383");

        // "foo" is in slot 12182: node 1 (group 0) redirects it to group 1, whose members serve it.
        try (Jedis j = c.node(1).jedis()) {
            assertThatThrownBy(() -> Cmd.string(j, "SET", "foo", "bar")).hasMessageStartingWith("MOVED 12182 ");
        }
        assertThat(RedisCli.cluster(c.node(1).port(), "SET", "foo", "bar").out()).isEqualTo("OK");
        assertThat(RedisCli.cluster(c.node(2).port(), "GET", "foo").out()).isEqualTo("bar");

        Run check = script("check", addrs.get(0));
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("OK 4 nodes agree on 2 groups; every slot is served exactly once");

        Run status = admin("status", addrs.get(3));
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("group [0-9a-f]{32}  slots 0-8191  leader 127\\.0\\.0\\.1:\\d+ \\(term \\d+\\)")
                .containsPattern("slots 8192-16383  leader 127\\.0\\.0\\.1:")
                .containsPattern(addrs.get(1).replace(".", "\\.") + "  (leader|follower) +up +index \\d+ applied \\d+ lag \\d+");

        // Nodes that already belong to a cluster are not created again; nothing changes.
        Run again = admin(with("create", addrs, "--shards", "2"));
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("is already part of a cluster (raft_state:up)");
        assertThat(admin("check", addrs.get(0)).code()).isZero();

        // One node down: check names it and fails; status still shows the rest.
        c.node(4).kill9();
        Run down = admin("check", addrs.get(0));
        assertThat(down.code()).as(down.toString()).isEqualTo(1);
        assertThat(down.out()).contains("FAIL " + addrs.get(3) + " does not answer");
        assertThat(admin("status", addrs.get(0)).out()).contains(addrs.get(3) + "  down");
    }

    @Test
    void checkFailsWhenTwoUnlinkedGroupsServeTheSameSlots() throws Exception {
        LocalCluster c = clusters.start(2, "--raft.sharding", "yes");
        for (NodeProcess n : c.nodes()) {
            try (Jedis j = n.jedis()) {
                assertThat(Cmd.string(j, "RAFT.CLUSTER", "INIT")).startsWith("OK ");
            }
        }
        List<String> addrs = c.nodes().stream().map(NodeProcess::address).toList();
        c.waitFor("both groups to lead", () -> c.info(1).isLeader() && c.info(2).isLeader());
        Run check = admin(with("check", addrs));
        assertThat(check.code()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).contains("FAIL the nodes describe 2 different maps:")
                .containsPattern("FAIL slots 0-16383 are served by 2 groups: [0-9a-f]{32}, [0-9a-f]{32}")
                .contains("check failed: 2 problem(s)");
    }

    @Test
    void badArgumentsAndUnreachableNodesExitTwo() throws Exception {
        Run usage = script();
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("a command is missing").contains("usage: redraft-admin create --shards N");
        Run uneven = admin("create", "--shards", "2", "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3");
        assertThat(uneven.code()).isEqualTo(2);
        assertThat(uneven.err()).contains("3 addresses do not split into 2 equal groups");
        assertThat(admin("status", "nohost").err()).contains("not a host:port address: nohost");
        assertThat(admin("frob", "127.0.0.1:1").err()).contains("unknown command frob");
        int closed = NodeProcess.freePort();
        Run unreachable = admin("check", "127.0.0.1:" + closed);
        assertThat(unreachable.code()).isEqualTo(2);
        assertThat(unreachable.err()).contains("no node answered: cannot connect to 127.0.0.1:" + closed);
        Run create = admin("create", "--shards", "1", "127.0.0.1:" + closed);
        assertThat(create.code()).isEqualTo(2);
        assertThat(create.err()).contains("cannot connect to 127.0.0.1:" + closed);
    }
}
