package io.redraft.server.shard;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.redraft.server.shard.ShardMapTest.LOCAL;
import static io.redraft.server.shard.ShardMapTest.OTHER;
import static io.redraft.server.shard.ShardMapTest.node;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewTest {
    static final List<ClusterView.Member> MEMBERS = List.of(new ClusterView.Member(1, "127.0.0.1", 5001),
            new ClusterView.Member(2, "127.0.0.1", 5002));

    ShardMap twoGroups() throws Exception {
        return ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 99), new SlotRange(100, 101, SlotRange.Type.MIGRATING, 3)))
                .add(new ShardGroup(OTHER, List.of(new SlotRange(100, 101, SlotRange.Type.IMPORTING, 3), SlotRange.stable(102, 16383)),
                        List.of(new ShardNode(node(OTHER, 7), "10.0.0.2", 6001), new ShardNode(node(OTHER, 8), "10.0.0.3", 6002))));
    }

    static String resp(java.util.function.Consumer<RespWriter> body, int protocol) {
        ByteArrayOutput out = new ByteArrayOutput();
        body.accept(new RespWriter(out, protocol));
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void slotsListEveryServedRangeWithTheLocalLeaderFirst() throws Exception {
        ClusterView v = new ClusterView(twoGroups(), MEMBERS, 2, 1, 5, false);
        String r = resp(v::slots, 2);
        String l1 = "*3\r\n$9\r\n127.0.0.1\r\n:5001\r\n$40\r\n" + node(LOCAL, 1) + "\r\n";
        String l2 = "*3\r\n$9\r\n127.0.0.1\r\n:5002\r\n$40\r\n" + node(LOCAL, 2) + "\r\n";
        String o1 = "*3\r\n$8\r\n10.0.0.2\r\n:6001\r\n$40\r\n" + node(OTHER, 7) + "\r\n";
        String o2 = "*3\r\n$8\r\n10.0.0.3\r\n:6002\r\n$40\r\n" + node(OTHER, 8) + "\r\n";
        assertThat(r).isEqualTo("*3\r\n"
                + "*4\r\n:0\r\n:99\r\n" + l2 + l1
                + "*4\r\n:100\r\n:101\r\n" + l2 + l1
                + "*4\r\n:102\r\n:16383\r\n" + o1 + o2);
    }

    @Test
    void nodesShowRolesEpochsAndSlotsInMotion() throws Exception {
        ClusterView v = new ClusterView(twoGroups(), MEMBERS, 2, 1, 5, false);
        assertThat(v.nodes()).isEqualTo(
                node(LOCAL, 1) + " 127.0.0.1:5001@5001 myself,slave " + node(LOCAL, 2) + " 0 0 5 connected 0-99 100-101"
                        + " [100->-" + node(OTHER, 7) + "] [101->-" + node(OTHER, 7) + "]\n"
                        + node(LOCAL, 2) + " 127.0.0.1:5002@5002 master - 0 0 5 connected 0-99 100-101\n"
                        + node(OTHER, 7) + " 10.0.0.2:6001@6001 master - 0 0 0 connected 102-16383\n"
                        + node(OTHER, 8) + " 10.0.0.3:6002@6002 slave - 0 0 0 connected 102-16383\n");
    }

    @Test
    void shardsNameTlsPortsWhenTlsIsOn() throws Exception {
        ClusterView v = new ClusterView(ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 16383))), MEMBERS, 1, 1, 2, true);
        String r = resp(v::shards, 3);
        assertThat(r).startsWith("*1\r\n%2\r\n$5\r\nslots\r\n*2\r\n:0\r\n:16383\r\n$5\r\nnodes\r\n*2\r\n%7\r\n");
        assertThat(r).contains("$8\r\ntls-port\r\n:5001\r\n").contains("$4\r\nrole\r\n$6\r\nmaster\r\n")
                .contains("$4\r\nrole\r\n$7\r\nreplica\r\n");
    }

    @Test
    void clusterInfoCountsServedSlotsAndKnownNodes() throws Exception {
        String info = ClusterInfoText.of(twoGroups(), 2, true, 5);
        assertThat(info).startsWith("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n")
                .contains("cluster_known_nodes:4\r\ncluster_size:2\r\ncluster_current_epoch:5\r\n");
        ShardMap half = ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 8191)));
        assertThat(ClusterInfoText.of(half, 3, true, 1)).startsWith("cluster_state:fail\r\ncluster_slots_assigned:8192\r\n");
        assertThat(ClusterInfoText.of(ShardMap.initial(LOCAL, List.of(SlotRange.stable(0, 16383))), 3, false, 1))
                .startsWith("cluster_state:fail\r\n");
    }
}
