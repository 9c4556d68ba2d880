package io.redraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/** Every data type through Jedis (RESP2) and Lettuce (RESP3) against one 3-node cluster's leader. */
class ClientLibrariesClusterTest {
    @TempDir
    static Path dir;
    private static InProcessCluster cluster;
    private static int leader;

    @BeforeAll
    static void formCluster() throws Exception {
        cluster = new InProcessCluster(dir);
        leader = cluster.form(3)[0];
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void jedisEveryType() {
        try (Jedis j = new Jedis("127.0.0.1", leader)) {
            assertThat(j.set("j:s", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(j.get("j:s")).isEqualTo("v");
            assertThat(j.ttl("j:s")).isBetween(1L, 100L);
            assertThat(j.incrBy("j:n", 5)).isEqualTo(5);
            assertThat(j.append("j:s", "w")).isEqualTo(2);
            assertThat(j.setbit("j:b", 7, true)).isFalse();
            assertThat(j.bitcount("j:b")).isEqualTo(1);

            assertThat(j.hset("j:h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
            assertThat(j.hgetAll("j:h")).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(j.hincrBy("j:h", "a", 10)).isEqualTo(11);

            assertThat(j.rpush("j:l", "a", "b", "c")).isEqualTo(3);
            assertThat(j.lrange("j:l", 0, -1)).containsExactly("a", "b", "c");
            assertThat(j.lpop("j:l")).isEqualTo("a");

            assertThat(j.sadd("j:t", "x", "y", "z")).isEqualTo(3);
            assertThat(j.smembers("j:t")).isEqualTo(Set.of("x", "y", "z"));
            assertThat(j.sismember("j:t", "y")).isTrue();

            assertThat(j.zadd("j:z", Map.of("a", 1.0, "b", 2.5))).isEqualTo(2);
            assertThat(j.zrange("j:z", 0, -1)).containsExactly("a", "b");
            assertThat(j.zscore("j:z", "b")).isEqualTo(2.5);

            assertThat(j.pfadd("j:p", "a", "b", "c", "a")).isEqualTo(1);
            assertThat(j.pfcount("j:p")).isEqualTo(3);
            assertThat(j.pfmerge("j:p2", "j:p")).isEqualTo("OK");
            assertThat(j.pfcount("j:p2")).isEqualTo(3);

            byte[] dump = j.dump("j:h");
            assertThat(j.restore("j:h2", 0, dump)).isEqualTo("OK");
            assertThat(j.hgetAll("j:h2")).isEqualTo(Map.of("a", "11", "b", "2"));
            assertThat(j.objectRefcount("j:s")).isEqualTo(1);

            assertThat(j.expire("j:t", 100)).isEqualTo(1);
            assertThat(j.type("j:t")).isEqualTo("set");
            assertThat(j.del("j:s", "j:n", "j:b", "j:h", "j:l", "j:t", "j:z", "j:p", "j:p2", "j:h2")).isEqualTo(10);
        }
    }

    @Test
    void lettuceEveryType() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + leader);
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.set("l:s", "v")).isEqualTo("OK");
            assertThat(r.get("l:s")).isEqualTo("v");
            assertThat(r.pexpire("l:s", 100_000)).isTrue();
            assertThat(r.pttl("l:s")).isBetween(1L, 100_000L);
            assertThat(r.incrbyfloat("l:f", 1.5)).isEqualTo(1.5);

            assertThat(r.hset("l:h", Map.of("a", "1"))).isEqualTo(1);
            assertThat(r.hget("l:h", "a")).isEqualTo("1");
            assertThat(r.hlen("l:h")).isEqualTo(1);

            assertThat(r.lpush("l:l", "a", "b")).isEqualTo(2);
            assertThat(r.lrange("l:l", 0, -1)).containsExactly("b", "a");

            assertThat(r.sadd("l:t", "x", "y")).isEqualTo(2);
            assertThat(r.scard("l:t")).isEqualTo(2);
            assertThat(r.smembers("l:t")).containsExactlyInAnyOrder("x", "y");

            assertThat(r.zadd("l:z", ScoredValue.just(1.0, "a"), ScoredValue.just(2.0, "b"))).isEqualTo(2);
            assertThat(r.zrangeWithScores("l:z", 0, -1)).extracting(ScoredValue::getValue).containsExactly("a", "b");
            assertThat(r.zscore("l:z", "b")).isEqualTo(2.0); // RESP3 double

            assertThat(r.pfadd("l:p", "a", "b")).isEqualTo(1);
            assertThat(r.pfcount("l:p")).isEqualTo(2);

            byte[] dump = r.dump("l:z");
            assertThat(r.restore("l:z2", 0, dump)).isEqualTo("OK");
            assertThat(r.zrange("l:z2", 0, -1)).containsExactly("a", "b");

            assertThat(r.exists("l:s", "l:h", "l:missing")).isEqualTo(2);
            assertThat(r.del("l:s", "l:f", "l:h", "l:l", "l:t", "l:z", "l:p", "l:z2")).isEqualTo(8);
        } finally {
            client.shutdown();
        }
    }
}
