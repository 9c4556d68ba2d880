package io.redraft.server;

import static io.redraft.server.InProcessCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Lettuce (RESP3) against a 3-node cluster: its client-side cache is invalidated when another
 * client changes a cached key, even through another node; and its Pub/Sub API works across nodes.
 */
class ClientSideCachingTest extends InProcessClusterFixture {
    @Test
    void lettucesCacheIsInvalidatedByWritesFromAnyClient() throws Exception {
        int[] ports = cluster.form(3, "--raft.follower-proxy", "yes");
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + ports[0]);
        RedisClient other = RedisClient.create("redis://127.0.0.1:" + ports[2]);
        try (StatefulRedisConnection<String, String> conn = client.connect();
             StatefulRedisConnection<String, String> writerConn = other.connect()) {
            RedisCommands<String, String> writer = writerConn.sync(); // through n3's proxy
            writer.set("k", "1");
            Map<String, String> cache = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), conn,
                    TrackingArgs.Builder.enabled());
            assertThat(frontend.get("k")).isEqualTo("1");
            assertThat(cache).containsEntry("k", "1");
            writer.set("k", "2");
            await(() -> String.valueOf(cache.containsKey("k")), r -> r.equals("false"));
            assertThat(frontend.get("k")).isEqualTo("2");
            writer.del("k");
            await(() -> String.valueOf(cache.containsKey("k")), r -> r.equals("false"));
            assertThat(frontend.get("k")).isNull();
            frontend.close();
        } finally {
            client.shutdown();
            other.shutdown();
        }
    }

    /** tracking-table-max-keys bounds what a node remembers: past it, the oldest keys are invalidated early. */
    @Test
    void theTrackingTableIsBounded() throws Exception {
        int port = cluster.form(1)[0];
        try (io.redraft.resp.RawClient c = new io.redraft.resp.RawClient(port)) {
            assertThat(c.call("CONFIG", "SET", "tracking-table-max-keys", "2")).isEqualTo("+OK\r\n");
            c.call("HELLO", "3");
            assertThat(c.call("CLIENT", "TRACKING", "ON")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "a")).isEqualTo("_\r\n");
            assertThat(c.call("GET", "b")).isEqualTo("_\r\n");
            assertThat(c.call("INFO", "stats")).contains("tracking_total_keys:2\r\n");
            assertThat(c.call("GET", "c")).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n");
            assertThat(c.readReply()).isEqualTo("_\r\n");
            assertThat(c.call("INFO", "stats")).contains("tracking_total_keys:2\r\n");
        }
    }

    @Test
    void lettucesPubSubReceivesFromAnyNode() throws Exception {
        int[] ports = cluster.form(3);
        RedisClient follower = RedisClient.create("redis://127.0.0.1:" + ports[1]);
        RedisClient leader = RedisClient.create("redis://127.0.0.1:" + ports[0]);
        try (StatefulRedisPubSubConnection<String, String> sub = follower.connectPubSub();
             StatefulRedisConnection<String, String> pub = leader.connect()) {
            List<String> got = new CopyOnWriteArrayList<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    got.add(channel + ":" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    got.add(pattern + ">" + channel + ":" + message);
                }
            });
            sub.sync().subscribe("news");
            sub.sync().psubscribe("n*");
            assertThat(pub.sync().publish("news", "hello")).isZero(); // counted on the leader, which has none
            await(() -> got.toString(), g -> g.equals("[news:hello, n*>news:hello]"));
            assertThat(sub.sync().pubsubNumsub("news")).containsEntry("news", 1L);
        } finally {
            follower.shutdown();
            leader.shutdown();
        }
    }
}
