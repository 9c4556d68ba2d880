package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.util.ArrayList;
import java.util.List;

/** Two one-node shard groups, A owning slots 0-8191 and B 8192-16383, not linked: the migration tests' start. */
abstract class TwoShardGroupsFixture extends InProcessClusterFixture {
    protected int pa;
    protected int pb;
    protected String idA;
    protected String idB;

    protected void twoGroups() throws Exception {
        pa = InProcessCluster.freePort();
        pb = InProcessCluster.freePort();
        cluster.start("a", pa, "--raft.sharding", "yes", "--raft.slot-config", "0:8191");
        cluster.start("b", pb, "--raft.sharding", "yes", "--raft.slot-config", "8192:16383");
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            for (RawClient c : List.of(ca, cb)) {
                assertThat(c.call("RAFT.CLUSTER", "INIT")).startsWith("+OK");
                await(() -> c.call("DBSIZE"), r -> r.startsWith(":"));
            }
            idA = field(ca.call("INFO", "raft"), "raft_dbid");
            idB = field(cb.call("INFO", "raft"), "raft_dbid");
        }
    }

    /**
     * Marks slot 100 as moving from group A (on port {@code pa}) to group B under session 42, on
     * both groups: A keeps 0-99 and 101-8191 and exports 100, B owns 8192-16383 and imports 100.
     */
    static void markSlot100Moving(String idA, int pa, String idB, int pb) throws Exception {
        try (RawClient ca = new RawClient(pa); RawClient cb = new RawClient(pb)) {
            List<String> args = new ArrayList<>(List.of("RAFT.SHARDGROUP", "REPLACE", "2"));
            args.addAll(List.of(idA, "3", "1", "0", "99", "1", "0", "101", "8191", "1", "0", "100", "100", "3", "42"));
            args.addAll(List.of(idA + "00000001", "127.0.0.1:" + pa));
            args.addAll(List.of(idB, "2", "1", "8192", "16383", "1", "0", "100", "100", "2", "42"));
            args.addAll(List.of(idB + "00000001", "127.0.0.1:" + pb));
            assertThat(cb.call(args.toArray(new String[0]))).isEqualTo("+OK\r\n");
            assertThat(ca.call(args.toArray(new String[0]))).isEqualTo("+OK\r\n");
        }
    }
}
