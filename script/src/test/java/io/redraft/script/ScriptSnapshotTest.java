package io.redraft.script;

import io.redraft.store.rdb.RdbContents;
import io.redraft.store.rdb.RdbReader;
import io.redraft.store.rdb.RdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The script cache and the function libraries travel in the RDB with the keyspace: a store that
 * loads the file answers EVALSHA and FCALL as the one that wrote it; redis-server 7.0 loads our
 * libraries and we load its.
 */
class ScriptSnapshotTest {
    static final String LIB = "#!lua name=mylib\n"
            + "redis.register_function('bump', function(keys, args) return redis.call('INCRBY', keys[1], args[1]) end)\n"
            + "redis.register_function{function_name='peek', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}";

    @TempDir
    Path dir;

    private static byte[] save(LocalStore s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(s.store.keyspace(), null, s.store.snapshotExtras(), s.now, out);
        return out.toByteArray();
    }

    private static LocalStore load(byte[] rdb, LocalStore into) throws Exception {
        RdbContents c = RdbReader.read(new ByteArrayInputStream(rdb), "test");
        into.store.install(c.keyspace());
        into.store.installExtras(c.extras());
        return into;
    }

    private static String bulkValue(String reply) {
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    @Test
    void cacheAndLibrariesSurviveAWriteAndALoad() throws Exception {
        LocalStore a = new LocalStore();
        String sha = bulkValue(a.run("SCRIPT", "LOAD", "return redis.call('INCR', KEYS[1])"));
        String evalSha = RedisLib.sha1hex("return 'e'".getBytes(StandardCharsets.US_ASCII));
        assertThat(a.run("EVAL", "return 'e'", "0")).isEqualTo("$1\r\ne\r\n");
        assertThat(a.run("FUNCTION", "LOAD", LIB)).isEqualTo("$5\r\nmylib\r\n");
        assertThat(a.run("FCALL", "bump", "1", "n", "5")).isEqualTo(":5\r\n");

        LocalStore b = new LocalStore();
        assertThat(b.run("EVALSHA", sha, "1", "n")).startsWith("-NOSCRIPT");
        // b had state of its own: loading replaces it
        b.run("SCRIPT", "LOAD", "return 'only on b'");
        String bOnly = RedisLib.sha1hex("return 'only on b'".getBytes(StandardCharsets.US_ASCII));
        load(save(a), b);
        assertThat(b.run("EVALSHA", sha, "1", "n")).isEqualTo(":6\r\n");
        assertThat(b.run("SCRIPT", "EXISTS", sha, evalSha, bOnly)).isEqualTo("*3\r\n:1\r\n:1\r\n:0\r\n");
        assertThat(b.run("FCALL", "bump", "1", "n", "10")).isEqualTo(":16\r\n");
        assertThat(b.run("FCALL_RO", "peek", "1", "n")).isEqualTo("$2\r\n16\r\n");
        assertThat(b.run("FUNCTION", "LIST")).isEqualTo(a.run("FUNCTION", "LIST"));

        // and an empty file empties both
        load(save(new LocalStore()), b);
        assertThat(b.run("SCRIPT", "EXISTS", sha)).isEqualTo("*1\r\n:0\r\n");
        assertThat(b.run("FUNCTION", "LIST")).isEqualTo("*0\r\n");
    }

    @Test
    void redisServerLoadsOurLibrariesAndSkipsOurScriptCache() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server not installed");
        LocalStore a = new LocalStore();
        a.run("SCRIPT", "LOAD", "return 1");
        a.run("FUNCTION", "LOAD", LIB);
        a.run("SET", "n", "41");
        a.now = System.currentTimeMillis();
        try (OutputStream out = Files.newOutputStream(dir.resolve("ours.rdb"))) {
            out.write(save(a));
        }
        try (RedisServer redis = RedisServer.start(dir, "ours.rdb"); RedisServer.Connection c = redis.connect()) {
            String list = c.call(argv("FUNCTION", "LIST"));
            assertThat(list).contains("mylib").contains("bump").contains("peek").contains("no-writes");
            assertThat(c.call(argv("FCALL", "bump", "1", "n", "1"))).isEqualTo(":42\r\n");
            assertThat(c.call(argv("SCRIPT", "EXISTS", RedisLib.sha1hex("return 1".getBytes(StandardCharsets.US_ASCII)))))
                    .as("redis-server does not persist scripts: our AUX field is skipped").isEqualTo("*1\r\n:0\r\n");
        }
    }

    @Test
    void weLoadTheLibrariesRedisServerSaves() throws Exception {
        assumeTrue(RedisServer.available(), "redis-server not installed");
        try (RedisServer redis = RedisServer.start(dir, "theirs.rdb"); RedisServer.Connection c = redis.connect()) {
            assertThat(c.call(argv("FUNCTION", "LOAD", LIB))).isEqualTo("$5\r\nmylib\r\n");
            assertThat(c.call(argv("FUNCTION", "LOAD", "#!lua name=other\nredis.register_function('two', function() return 2 end)")))
                    .isEqualTo("$5\r\nother\r\n");
            assertThat(c.call(argv("SET", "n", "1"))).isEqualTo("+OK\r\n");
            assertThat(c.call(argv("SAVE"))).isEqualTo("+OK\r\n");
        }
        LocalStore b = load(Files.readAllBytes(dir.resolve("theirs.rdb")), new LocalStore());
        assertThat(b.run("FCALL", "bump", "1", "n", "2")).isEqualTo(":3\r\n");
        assertThat(b.run("FCALL", "two", "0")).isEqualTo(":2\r\n");
        assertThat(b.run("FUNCTION", "STATS")).contains("functions_count").contains(":3\r\n");
    }

    private static List<byte[]> argv(String... a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) out.add(s.getBytes(StandardCharsets.UTF_8));
        return out;
    }
}
