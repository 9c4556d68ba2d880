package io.redraft.server;

import io.redraft.resp.RawClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams through the log on 3 nodes: ids the leader assigns with {@code *} are the ids every
 * replica stores (the leader fixes the time part before logging), a consumer group's deliveries
 * and acknowledgements replicate, and the replicas end with equal digests. RedisRaft refuses
 * streams; Redraft runs them.
 */
class StreamClusterTest extends InProcessClusterFixture {
    @Test
    void idsGroupsAndAcksAreTheSameOnEveryReplica() throws Exception {
        int[] ports = cluster.form(3);
        try (Jedis j = new Jedis("127.0.0.1", ports[0])) {
            for (int i = 0; i < 50; i++) j.xadd("orders", XAddParams.xAddParams(), Map.of("n", Integer.toString(i)));
            j.xgroupCreate("orders", "workers", new StreamEntryID("0-0"), false);
            List<Map.Entry<String, List<StreamEntry>>> got = j.xreadGroup("workers", "w1",
                    XReadGroupParams.xReadGroupParams().count(20), Map.of("orders", StreamEntryID.UNRECEIVED_ENTRY));
            List<StreamEntry> entries = got.get(0).getValue();
            assertThat(entries).hasSize(20);
            assertThat(j.xack("orders", "workers", entries.subList(0, 15).stream().map(StreamEntry::getID)
                    .toArray(StreamEntryID[]::new))).isEqualTo(15);
            assertThat(j.xlen("orders")).isEqualTo(50);
        }
        String leaderRange;
        try (RawClient c = new RawClient(ports[0])) {
            leaderRange = c.call("XRANGE", "orders", "-", "+", "COUNT", "5");
            assertThat(leaderRange).startsWith("*5\r\n");
            assertThat(c.call("XPENDING", "orders", "workers")).startsWith("*4\r\n:5\r\n");
        }
        String d = InProcessCluster.await(Duration.ofSeconds(30), () -> DigestClusterTest.digests(ports),
                DigestClusterTest::allEqual);
        assertThat(d).doesNotContain("0000000000000000000000000000000000000000");
    }
}
