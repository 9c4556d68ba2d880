package io.redraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every command of the table, with its keys of every type and its other arguments drawn from
 * boundary numbers and option words, answers as Redis would: a reply or a Redis error, never
 * "internal error" (a Java exception that reached the client). Values that only exercise the size
 * guards are large offsets and counts, not allocations: the guards must refuse them first.
 */
class HostileArgumentsTest {
    private static final String[] KEYS = {"s", "n", "l", "h", "st", "z", "hll", "missing", "ints"};
    private static final String[] WORDS = {
        "0", "1", "-1", "2", "-2", "3", "7", "64", "-100", "100",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "18446744073709551616", "1e308", "-1e308",
        "1.5", "0.5", "inf", "-inf", "+inf", "nan", "abc", "", "(1", "[a", "-", "+", "(", "[",
        "s", "l", "h", "z", "st", "hll", "missing",
        "LIMIT", "COUNT", "MATCH", "*", "TYPE", "WITHSCORES", "WITHSCORE", "REV", "BYSCORE", "BYLEX",
        "GET", "SET", "INCRBY", "OVERFLOW", "SAT", "FAIL", "WRAP", "u8", "i64", "u63", "i65", "#1",
        "#-1", "#2147483647", "MAXLEN", "RANK", "LEN", "IDX", "MINMATCHLEN", "WITHMATCHLEN", "EX", "PX",
        "EXAT", "PXAT", "NX", "XX", "GT", "LT", "CH", "INCR", "KEEPTTL", "PERSIST", "STORE", "AGGREGATE",
        "WEIGHTS", "SUM", "MIN", "MAX", "LEFT", "RIGHT", "BEFORE", "AFTER", "BIT", "BYTE", "AND", "OR",
        "XOR", "NOT", "FIELDS", "NOVALUES", "REPLACE", "ABSTTL", "IDLETIME", "FREQ", "DB", "ENCODING",
    };

    private static Store populated() {
        TestClient c = new TestClient();
        c.run("SET", "s", "hello world");
        c.run("SET", "n", "10");
        c.run("RPUSH", "l", "a", "b", "c", "1", "2");
        c.run("HSET", "h", "f1", "v1", "f2", "2");
        c.run("SADD", "st", "a", "b", "c");
        c.run("SADD", "ints", "1", "2", "3");
        c.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        c.run("PFADD", "hll", "a", "b", "c");
        return c.store;
    }

    private static final Set<String> SKIPPED = Set.of(
            // debug-populate: the server checks its arguments, and a huge count takes as long as in Redis
            "debug", "debug-populate", "flushall", "flushdb", "swapdb", "shutdown", "save", "bgsave", "restore");

    @Test
    void noCommandAnswersWithAJavaException() {
        SplittableRandom r = new SplittableRandom(31);
        Store store = populated();
        TreeMap<String, String> failures = new TreeMap<>();
        for (CommandSpec spec : Store.commands().specs()) {
            String[] name = spec.name().split("\\|");
            if (SKIPPED.contains(name[0]) || spec.arity() == 0) {
                continue;
            }
            for (int trial = 0; trial < 1000; trial++) {
                int argc = spec.arity() > 0 ? spec.arity() : -spec.arity() + r.nextInt(5);
                List<byte[]> argv = new ArrayList<>();
                for (int i = 0; i < argc; i++) {
                    String a;
                    if (i < name.length) {
                        a = name[i];
                    } else if (r.nextInt(3) == 0 || i == spec.firstKey()) {
                        a = KEYS[r.nextInt(KEYS.length)];
                    } else {
                        a = WORDS[r.nextInt(WORDS.length)];
                    }
                    argv.add(a.getBytes(StandardCharsets.UTF_8));
                }
                ByteArrayOutput out = new ByteArrayOutput();
                store.execute(argv, new ExecContext(1_700_000_000_000L, trial, 2), new RespWriter(out, 2));
                String reply = out.toString();
                if (reply.contains("internal error")) {
                    StringBuilder cmd = new StringBuilder();
                    argv.forEach(a -> cmd.append(new String(a, StandardCharsets.UTF_8)).append(' '));
                    failures.putIfAbsent(spec.name(), cmd + "-> " + reply.trim());
                }
                if (trial % 100 == 99) {
                    store = populated(); // writes (DEL, RENAME, ...) wear the dataset down
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Offsets past proto-max-bulk-len are refused with Redis's error, even where offset + length overflows. */
    @Test
    void hugeOffsetsAreRefusedAsInRedis() {
        TestClient c = new TestClient(populated());
        String tooBig = "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n";
        for (String offset : List.of("536870912", "2147483647", "4294967296", "9223372036854775807")) {
            assertThat(c.run("SETRANGE", "s", offset, "x")).as(offset).isEqualTo(tooBig);
            assertThat(c.run("SETRANGE", "new", offset, "x")).as(offset).isEqualTo(tooBig);
        }
        assertThat(c.run("SETRANGE", "s", "536870911", "xy")).isEqualTo(tooBig);
        assertThat(c.run("SETBIT", "s", "4294967296", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(c.run("SETBIT", "s", "9223372036854775807", "1")).isEqualTo("-ERR bit offset is not an integer or out of range\r\n");
        assertThat(c.run("EXISTS", "new")).isEqualTo(":0\r\n");
    }
}
