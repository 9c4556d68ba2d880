package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
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
}
