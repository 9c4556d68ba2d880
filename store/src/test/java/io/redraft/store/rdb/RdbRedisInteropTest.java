package io.redraft.store.rdb;

import io.redraft.resp.RawClient;

import io.redraft.store.Keyspace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our RDB against a stock redis-server 7 (skipped if not installed): it loads our file with
 * every key, type, value and TTL intact, and we load what it saves, in all its compact encodings.
 */
class RdbRedisInteropTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needRedis() {
        assumeTrue(RedisServer.available(), "redis-server not installed");
    }

    /** Expiries an hour ahead of the wall clock, so the server does not drop keys while loading. */
    private static long ttlBase() {
        return Instant.now().toEpochMilli() + 3_600_000;
    }

    @Test
    void redisLoadsOurFile() throws Exception {
        long now = Instant.now().toEpochMilli();
        Map<String, KeyspaceView.Val> data = new RandomData(11).dataset(300, ttlBase(), false);
        Keyspace ks = RandomData.toKeyspace(data);
        try (OutputStream out = Files.newOutputStream(dir.resolve("our.rdb"))) {
            RdbWriter.write(ks, RdbRoundTripTest.META, now, out);
        }
        try (RedisServer redis = RedisServer.start(dir, "our.rdb"); RawClient r = redis.connect()) {
            assertThat(Files.readString(redis.log)).contains("DB loaded from disk");
            assertThat(Resp.call(r, "DBSIZE")).isEqualTo(ks.size());
            Map<String, KeyspaceView.Val> loaded = RandomData.fromRedis(r);
            KeyspaceView.assertSame(KeyspaceView.unordered(loaded), KeyspaceView.unordered(KeyspaceView.of(ks)));
            // Redis keeps a small hash in file order (a listpack): ours is insertion order.
            data.forEach((k, v) -> {
                if (v.type().equals("hash") && v.content().size() <= 2 * 128
                        && v.content().stream().allMatch(x -> x.toString().length() <= 64)) {
                    assertThat(loaded.get(k).content()).as("hash field order of %s", k).isEqualTo(v.content());
                }
            });
        }
    }

    @Test
    void weLoadWhatRedisSaves() throws Exception {
        Map<String, KeyspaceView.Val> data = new RandomData(23).dataset(300, ttlBase(), false);
        Path dump = dir.resolve("dump.rdb");
        try (RedisServer redis = RedisServer.start(dir, "dump.rdb"); RawClient r = redis.connect()) {
            RandomData.toRedis(data, r);
            java.util.Set<Object> encodings = new java.util.TreeSet<>();
            for (String k : data.keySet()) {
                encodings.add(Resp.call(r, "OBJECT", "ENCODING", k));
            }
            // The dump must exercise every compact form Redis 7.0 saves.
            assertThat(encodings).contains("int", "embstr", "raw", "listpack", "quicklist", "intset", "hashtable",
                    "skiplist");
            assertThat(Resp.call(r, "SAVE")).isEqualTo("OK");
        }
        RdbContents back = RdbReader.read(dump);
        assertThat(back.version()).isEqualTo(10);
        assertThat(back.raft()).isNull();
        assertThat(back.aux()).containsKeys("redis-ver", "redis-bits", "ctime", "used-mem");
        KeyspaceView.assertSame(KeyspaceView.unordered(KeyspaceView.of(back.keyspace())), KeyspaceView.unordered(data));
        // A hash Redis kept as a listpack comes back in insertion order.
        data.forEach((k, v) -> {
            if (v.type().equals("hash") && v.content().size() <= 2 * 128
                    && v.content().stream().allMatch(x -> x.toString().length() <= 64)) {
                assertThat(KeyspaceView.of(back.keyspace()).get(k).content()).isEqualTo(v.content());
            }
        });
    }

    /** The file Redis writes after loading ours reads back equal too (closes the loop through both). */
    @Test
    void ourFileThroughRedisAndBack() throws Exception {
        long now = Instant.now().toEpochMilli();
        Keyspace ks = RandomData.toKeyspace(new RandomData(31).dataset(150, ttlBase(), false));
        try (OutputStream out = Files.newOutputStream(dir.resolve("loop.rdb"))) {
            RdbWriter.write(ks, RdbRoundTripTest.META, now, out);
        }
        try (RedisServer redis = RedisServer.start(dir, "loop.rdb"); RawClient r = redis.connect()) {
            assertThat(Resp.call(r, "SAVE")).isEqualTo("OK");
        }
        RdbContents back = RdbReader.read(dir.resolve("loop.rdb"));
        KeyspaceView.assertSame(KeyspaceView.unordered(KeyspaceView.of(back.keyspace())),
                KeyspaceView.unordered(KeyspaceView.of(ks)));
        assertThat(back.raft()).isNull(); // Redis does not keep AUX fields it does not know
        assertThat(List.copyOf(back.aux().keySet())).doesNotContain("redraft-dbid");
    }
    /** Redis LZF-compresses a repetitive string on SAVE (the file is far smaller): we inflate it. */
    @Test
    void lzfCompressedStringsFromRedis() throws Exception {
        String big = "0123456789abcdef".repeat(4096) + "tail";
        String mid = "redraft".repeat(10);
        try (RedisServer redis = RedisServer.start(dir, "lzf.rdb"); RawClient r = redis.connect()) {
            Resp.call(r, "SET", "big", big);
            Resp.call(r, "SET", "mid", mid);
            Resp.call(r, "RPUSH", "list", big, mid, "1", "2");
            assertThat(Resp.call(r, "SAVE")).isEqualTo("OK");
        }
        assertThat(Files.size(dir.resolve("lzf.rdb"))).isLessThan(big.length() / 4);
        RdbContents back = RdbReader.read(dir.resolve("lzf.rdb"));
        Map<String, KeyspaceView.Val> view = KeyspaceView.of(back.keyspace());
        assertThat(view.get("big").content()).containsExactly(big);
        assertThat(view.get("mid").content()).containsExactly(mid);
        assertThat(view.get("list").content()).containsExactly(big, mid, "1", "2");
    }
}
