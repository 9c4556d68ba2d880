package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** A node whose Raft log was damaged while it was down refuses to start and names the file. */
@Tag("cluster")
class CorruptLogTest {
    @RegisterExtension
    final ClusterExtension clusters = new ClusterExtension();

    @Test
    void corruptedLogRefusesToStart() throws Exception {
        LocalCluster c = clusters.start(1);
        c.init();
        NodeProcess n = c.node(1);
        c.waitFor("node1 to lead", () -> c.info(1).isLeader());
        // One at a time, so that each write is its own log record and the middle of the file is well
        // before its end (a damaged last record is treated as a torn write and cut off, by design).
        try (Jedis j = n.jedis()) {
            for (int i = 0; i < 100; i++) assertThat(j.set("c" + i, "value-" + i + "-".repeat(50))).isEqualTo("OK");
        }
        n.stop();

        long size = Files.size(n.raftLogFile());
        assertThat(size).as("raft log size").isGreaterThan(1000);
        try (FileChannel ch = FileChannel.open(n.raftLogFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = size / 2;
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, at);
            b.flip();
            for (int i = 0; i < b.limit(); i++) b.put(i, (byte) ~b.get(i));
            ch.write(b, at);
            ch.force(true);
        }

        n.start();
        int code = n.awaitExit(LocalCluster.PATIENCE);
        assertThat(code).as("exit code; output:%n%s", n.tail(20)).isNotZero();
        assertThat(n.logs()).as("the log names the damaged file").contains(n.raftLogFile().getFileName().toString());
        assertThat(n.logs().toLowerCase()).contains("corrupt");
    }
}
