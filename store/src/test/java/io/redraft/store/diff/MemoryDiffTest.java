package io.redraft.store.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MEMORY against redis-server 7.0: USAGE within 20% of Redis's figure for the same value (strings
 * of several sizes and encodings, small and large hashes, lists, sets, sorted sets, a stream with
 * a consumer group), its errors and HELP byte for byte, and the reply shapes of STATS, DOCTOR and
 * MALLOC-STATS, in RESP2 and RESP3.
 */
class MemoryDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    @Test
    void errorsAndHelpAreRedisBytes() throws Exception {
        try (Harness h = new Harness(redis.port(), 1)) {
            h.random = false;
            for (int proto : new int[] {2, 3}) {
                for (String line : new String[] {"SET k v", "MEMORY", "MEMORY FOO", "MEMORY HELP", "MEMORY HELP x",
                        "MEMORY USAGE", "MEMORY USAGE nokey", "MEMORY USAGE k SAMPLES", "MEMORY USAGE k SAMPLES -1",
                        "MEMORY USAGE k SAMPLES x", "MEMORY USAGE k SAMPLES 0", "MEMORY USAGE k FOO 1",
                        "MEMORY USAGE nokey SAMPLES x", "MEMORY USAGE k", "MEMORY PURGE", "MEMORY PURGE x",
                        "MEMORY STATS x", "MEMORY DOCTOR x", "MEMORY MALLOC-STATS x"}) {
                    h.run(GeoDiffTest.argv(line), proto);
                }
            }
            assertThat(h.mismatches).isEmpty();
        }
    }

    @Test
    void usageIsWithinTwentyPercentOfRedis() throws Exception {
        try (Harness h = new Harness(redis.port(), 1); RawClient theirs = new RawClient(redis.port())) {
            List<String> keys = new ArrayList<>();
            both(h, theirs, keys, "int", "SET int 1234567");
            both(h, theirs, keys, "short", "SET short hello");
            both(h, theirs, keys, "embstr", "SET embstr " + "e".repeat(44));
            both(h, theirs, keys, "raw45", "SET raw45 " + "r".repeat(45));
            both(h, theirs, keys, "raw300", "SET raw300 " + "r".repeat(300));
            both(h, theirs, keys, "raw5k", "SET raw5k " + "r".repeat(5000));
            both(h, theirs, keys, "raw100k", "SET raw100k " + "r".repeat(100_000));
            both(h, theirs, keys, "appended", "APPEND appended abc", "APPEND appended defghijkl");
            both(h, theirs, keys, "hsmall", "HSET hsmall a 1 b 2 c hello");
            both(h, theirs, keys, "hmedium", fill("HSET hmedium", 300, i -> "field:" + i + " value:" + i));
            both(h, theirs, keys, "hlarge", fill("HSET hlarge", 2000, i -> "field:" + (100000 + i) + " some-value-" + (100000 + i)));
            both(h, theirs, keys, "hlongvalue", "HSET hlongvalue f " + "v".repeat(100) + " g 1");
            both(h, theirs, keys, "lsmall", "RPUSH lsmall a b c 1 2 3");
            both(h, theirs, keys, "lmedium", fill("RPUSH lmedium", 3000, i -> "element-" + (10000 + i)));
            both(h, theirs, keys, "lints", fill("RPUSH lints", 20000, i -> Integer.toString(i)));
            both(h, theirs, keys, "lbig", fill("RPUSH lbig", 20, i -> "b".repeat(9000) + i));
            both(h, theirs, keys, "ssmall", "SADD ssmall 1 2 3 100");
            both(h, theirs, keys, "sintset", fill("SADD sintset", 400, i -> Integer.toString(i * 70000)));
            both(h, theirs, keys, "sstrings", "SADD sstrings a bb ccc");
            both(h, theirs, keys, "slarge", fill("SADD slarge", 3000, i -> "member-" + (100000 + i)));
            both(h, theirs, keys, "sints", fill("SADD sints", 1000, i -> Integer.toString(1000 + i)));
            both(h, theirs, keys, "zsmall", "ZADD zsmall 1 a 2.5 b 3 c");
            both(h, theirs, keys, "zlarge", fill("ZADD zlarge", 1000, i -> i + ".5 member-" + (100000 + i)));
            both(h, theirs, keys, "stream", "XADD stream 1-1 f v");
            for (int i = 2; i <= 350; i++) {
                both(h, theirs, null, null, "XADD stream " + (1000 + i * 7) + "-" + (i % 3) + " field " + i + " name value-" + i);
            }
            both(h, theirs, null, null, "XGROUP CREATE stream g 0", "XREADGROUP GROUP g alice COUNT 120 STREAMS stream >",
                    "XREADGROUP GROUP g bob COUNT 45 STREAMS stream >", "XACK stream g 1-1");
            List<String> off = new ArrayList<>();
            for (String key : keys) {
                // A skiplist's node sizes are random: Redis's default 5 samples may be far from the
                // mean, so sorted sets in a skiplist are compared on all their elements.
                String[] options = key.equals("zlarge") ? new String[] {" SAMPLES 0"} : new String[] {"", " SAMPLES 0"};
                for (String samples : options) {
                    List<byte[]> cmd = GeoDiffTest.argv("MEMORY USAGE " + key + samples);
                    long redisFigure = Long.parseLong(Reply.call(theirs, cmd).line());
                    long ours = Long.parseLong(h.ours(cmd, 2).line());
                    double ratio = (double) ours / redisFigure;
                    if (ratio < 0.8 || ratio > 1.2) off.add(key + samples + ": ours " + ours + ", redis " + redisFigure);
                }
            }
            assertThat(off).isEmpty();
        }
    }

    @Test
    void statsDoctorAndMallocStatsHaveRedisShapes() throws Exception {
        try (Harness h = new Harness(redis.port(), 1); RawClient r2 = new RawClient(redis.port());
             RawClient r3 = new RawClient(redis.port())) {
            Reply.call(r3, "HELLO", "3");
            for (boolean withKeys : new boolean[] {false, true}) {
                if (withKeys) {
                    both(h, r2, null, null, "SET a 1", "SET b 2 EX 100");
                }
                for (int proto : new int[] {2, 3}) {
                    RawClient theirs = proto == 2 ? r2 : r3;
                    List<byte[]> stats = GeoDiffTest.argv("MEMORY STATS");
                    assertThat(shape(h.ours(stats, proto))).as("RESP" + proto + " keys " + withKeys)
                            .isEqualTo(shape(Reply.call(theirs, stats)));
                    List<byte[]> doctor = GeoDiffTest.argv("MEMORY DOCTOR");
                    assertThat(h.ours(doctor, proto).type()).isEqualTo(Reply.call(theirs, doctor).type());
                }
            }
            // Redis built without jemalloc answers this (ours has no allocator statistics to print).
            assertThat(h.ours(GeoDiffTest.argv("MEMORY MALLOC-STATS"), 3).render())
                    .isEqualTo("$45\r\nStats not supported for the current allocator\r\n");
        }
    }

    /** The field names in order (even places) with each value's reply type (figures differ). */
    private static String shape(Reply r) {
        StringBuilder sb = new StringBuilder().append(r.type());
        if (r.isAggregate()) {
            sb.append('[');
            for (int i = 0; i < r.children().size(); i++) {
                Reply c = r.children().get(i);
                sb.append(i % 2 == 0 ? c.line() : shape(c)).append(' ');
            }
            sb.append(']');
        }
        return sb.toString();
    }

    private static String fill(String prefix, int n, java.util.function.IntFunction<String> element) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) sb.append(' ').append(element.apply(i));
        return sb.toString();
    }

    /** Runs each command on both sides, expecting no error; records the key to measure. */
    private static void both(Harness h, RawClient theirs, List<String> keys, String key, String... commands)
            throws IOException {
        for (String line : commands) {
            List<byte[]> argv = GeoDiffTest.argv(line);
            Reply a = Reply.call(theirs, argv);
            Reply b = h.ours(argv, 2);
            assertThat(a.isError() || b.isError()).as(line.substring(0, Math.min(60, line.length())) + " " + a + " " + b).isFalse();
        }
        if (keys != null) keys.add(key);
    }
}
