package io.redraft.server.shard;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.redraft.server.shard.ShardMapTest.OTHER;
import static io.redraft.server.shard.ShardMapTest.node;
import static org.assertj.core.api.Assertions.assertThat;

class ShardGroupReplyTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void getReplyHasRedisRaftsShape() {
        ShardGroup g = new ShardGroup(OTHER, List.of(SlotRange.stable(0, 10)), List.of());
        String r = ClusterViewTest.resp(out -> ShardGroupReply.write(g, List.of(new ShardNode(node(OTHER, 1), "h", 5)), out), 2);
        assertThat(r).isEqualTo("*3\r\n$32\r\n" + OTHER + "\r\n*1\r\n*3\r\n:0\r\n:10\r\n:1\r\n*1\r\n*2\r\n$40\r\n"
                + node(OTHER, 1) + "\r\n$3\r\nh:5\r\n");
    }

    @Test
    void readsAWellFormedReplyAndRefusesAnythingElse() {
        Object ok = List.of(b(OTHER), List.of(List.of(0L, 10L, 1L)), List.of(List.of(b(node(OTHER, 1)), b("h:5"))));
        assertThat(ShardGroupReply.read(ok)).isEqualTo(new ShardGroup(OTHER, List.of(SlotRange.stable(0, 10)),
                List.of(new ShardNode(node(OTHER, 1), "h", 5))));
        assertThat(ShardGroupReply.read("OK")).isNull();
        assertThat(ShardGroupReply.read(List.of(b("short"), List.of(), List.of()))).isNull();
        assertThat(ShardGroupReply.read(List.of(b(OTHER), List.of(List.of(10L, 0L, 1L)), List.of()))).isNull();
        assertThat(ShardGroupReply.read(List.of(b(OTHER), List.of(List.of(0L, 10L, 9L)), List.of()))).isNull();
        assertThat(ShardGroupReply.read(List.of(b(OTHER), List.of(), List.of(List.of(b("x"), b("h:5")))))).isNull();
        assertThat(ShardGroupReply.read(List.of(b(OTHER), List.of(), List.of(List.of(b(node(OTHER, 1)), b("h")))))).isNull();
    }
}
