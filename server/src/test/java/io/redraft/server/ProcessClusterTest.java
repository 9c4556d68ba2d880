package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three real server processes (Main, as {@code java -jar} runs it): form a cluster, write, SIGKILL
 * the leader, keep writing through the new leader, restart the killed node from its files.
 */
class ProcessClusterTest extends ChildProcessFixture {
    private Process launch(int port, String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.redraft.server.Main", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", d.toString(),
                "--raft.addr", "127.0.0.1:" + port, "--raft.log-fsync", "no", "--loglevel", "warning");
        pb.redirectErrorStream(true);
        pb.redirectOutput(d.resolve("out.log").toFile());
        Process p = pb.start();
        processes.add(p);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("node " + name + " did not start: " + Files.readString(d.resolve("out.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void processesFormAClusterSurviveSigkillOfTheLeaderAndRestart() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        Process first = launch(ports[0], "n1");
        launch(ports[1], "n2");
        launch(ports[2], "n3");
        try (RawClient c1 = new RawClient(ports[0]); RawClient c2 = new RawClient(ports[1]);
             RawClient c3 = new RawClient(ports[2])) {
            assertThat(c1.call("RAFT.CLUSTER", "INIT")).startsWith("+OK ");
            InProcessCluster.await(() -> c1.call("SET", "a", "1"), r -> r.equals("+OK\r\n"));
            assertThat(c2.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
            assertThat(c3.call("RAFT.CLUSTER", "JOIN", "127.0.0.1:" + ports[0])).isEqualTo("+OK\r\n");
            InProcessCluster.await(() -> c1.call("INFO", "raft_general"), r -> r.contains("raft_num_voting_nodes:3"));
            for (int i = 0; i < 50; i++) assertThat(c1.call("INCR", "n")).isEqualTo(":" + (i + 1) + "\r\n");
            assertThat(c2.call("GET", "n")).isEqualTo("-MOVED 0 127.0.0.1:" + ports[0] + "\r\n");

            first.destroyForcibly().waitFor();
            String both = InProcessCluster.await(() -> c2.call("INFO", "raft_general") + "|" + c3.call("INFO", "raft_general"),
                    r -> r.contains("raft_role:leader"));
            RawClient leader = both.split("\\|")[0].contains("raft_role:leader") ? c2 : c3;
            InProcessCluster.await(() -> leader.call("INCR", "n"), r -> r.equals(":51\r\n"));
        }
        launch(ports[0], "n1");
        try (RawClient back = new RawClient(ports[0])) {
            InProcessCluster.await(() -> back.call("RAFT.DEBUG", "EXEC", "GET", "n"), r -> r.equals("$2\r\n51\r\n"));
            assertThat(back.call("INFO", "raft_general")).contains("raft_role:follower");
        }
    }
}
