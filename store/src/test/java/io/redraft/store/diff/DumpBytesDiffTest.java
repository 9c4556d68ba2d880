package io.redraft.store.diff;

import io.redraft.resp.RawClient;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DUMP is byte-identical to redis-server's for strings and small (listpack/intset) collections
 * built by the same commands, and Redis's payloads RESTORE into the store with equal content.
 */
class DumpBytesDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static Reply ours(Store store, List<byte[]> argv) throws Exception {
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(System.currentTimeMillis(), 1, 2), new RespWriter(out, 2));
        return Reply.read(new ByteArrayInputStream(out.toByteArray()));
    }

    private static List<byte[]> argv(String... a) {
        List<byte[]> out = new ArrayList<>();
        for (String s : a) {
            out.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** Values of every compact shape: integers of each listpack width, strings of each length class. */
    private static String value(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> Integer.toString(r.nextInt(128));
            case 1 -> Integer.toString(r.nextInt(-4096, 4096));
            case 2 -> Integer.toString(r.nextInt(-32768, 32768));
            case 3 -> Integer.toString(r.nextInt(-8388608, 8388608));
            case 4 -> Long.toString(r.nextLong(Integer.MIN_VALUE, Integer.MAX_VALUE + 1L));
            case 5 -> Long.toString(r.nextLong());
            case 6 -> "0" + r.nextInt(100); // leading zero: a string
            case 7 -> "-0";
            case 8 -> "x".repeat(r.nextInt(1, 64)); // repetitive: LZF compresses the blob
            case 9 -> "v" + r.nextInt(1000);
            case 10 -> "";
            default -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 30; i++) {
                    sb.append((char) ('a' + r.nextInt(26)));
                }
                yield sb.toString();
            }
        };
    }

    private static String score(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.toString(r.nextInt(-5000, 5000));
            case 1 -> Double.toString(r.nextInt(1000) / 8.0);
            case 2 -> "1e" + r.nextInt(1, 25);
            case 3 -> r.nextBoolean() ? "inf" : "-inf";
            case 4 -> Double.toString(r.nextDouble() * 1000);
            default -> "-0";
        };
    }

    @Test
    void dumpOfStringsAndSmallCollectionsIsRedisBytes() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        Store store = new Store();
        try (RawClient c = new RawClient(redis.port())) {
            Reply.call(c, "FLUSHALL");
            for (int round = 0; round < 400; round++) {
                String key = "k" + round;
                List<List<byte[]>> cmds = new ArrayList<>();
                int n = 1 + r.nextInt(20);
                switch (round % 6) {
                    case 0 -> cmds.add(argv("SET", key, r.nextInt(4) == 0 ? "y".repeat(r.nextInt(21, 300)) : value(r)));
                    case 1 -> {
                        for (int i = 0; i < n; i++) {
                            cmds.add(argv("HSET", key, value(r), value(r)));
                        }
                        if (r.nextBoolean()) {
                            cmds.add(argv("HDEL", key, value(r)));
                        }
                    }
                    case 2 -> {
                        for (int i = 0; i < n; i++) {
                            cmds.add(argv("ZADD", key, score(r), value(r)));
                        }
                    }
                    case 3 -> {
                        for (int i = 0; i < n; i++) {
                            cmds.add(argv("SADD", key, Long.toString(r.nextBoolean() ? r.nextInt(-300, 300) : r.nextLong())));
                        }
                    }
                    case 4 -> {
                        for (int i = 0; i < n; i++) {
                            cmds.add(argv(r.nextBoolean() ? "RPUSH" : "LPUSH", key, value(r)));
                        }
                        if (r.nextBoolean()) {
                            cmds.add(argv("LPOP", key));
                        }
                    }
                    default -> {
                        cmds.add(argv("SET", key, "1"));
                        cmds.add(argv(r.nextBoolean() ? "APPEND" : "INCRBY", key, Integer.toString(r.nextInt(100000))));
                    }
                }
                for (List<byte[]> cmd : cmds) {
                    Reply.call(c, cmd);
                    ours(store, cmd);
                }
                Reply theirs = Reply.call(c, argv("DUMP", key));
                Reply mine = ours(store, argv("DUMP", key));
                assertThat(mine.render()).as("DUMP after %s", describe(cmds)).isEqualTo(theirs.render());
                // and Redis's payload restores into the store with the same content
                Reply restored = ours(store, List.of("RESTORE".getBytes(), (key + "r").getBytes(), "0".getBytes(),
                        theirs.line().getBytes(StandardCharsets.ISO_8859_1)));
                assertThat(restored.render()).isEqualTo("+OK\r\n");
                assertThat(ours(store, argv("DUMP", key + "r")).render()).isEqualTo(theirs.render());
            }
        }
    }

    private static String describe(List<List<byte[]>> cmds) {
        StringBuilder sb = new StringBuilder();
        for (List<byte[]> c : cmds) {
            for (byte[] a : c) {
                sb.append(new String(a, StandardCharsets.ISO_8859_1)).append(' ');
            }
            sb.append("; ");
        }
        return sb.toString();
    }
}
