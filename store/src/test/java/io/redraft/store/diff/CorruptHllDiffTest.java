package io.redraft.store.diff;

import io.redraft.resp.RawClient;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HyperLogLogs damaged by SETRANGE or APPEND anywhere in their header or registers, sparse and
 * dense, then read and written by PFCOUNT, PFADD and PFMERGE: every reply and the bytes left behind
 * are redis-server's (-INVALIDOBJ for a corrupt sparse form, -WRONGTYPE for a broken header), and no
 * Java exception reaches the client.
 */
class CorruptHllDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static List<byte[]> argv(String... parts) {
        List<byte[]> out = new ArrayList<>();
        for (String p : parts) {
            out.add(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static String ours(Store store, List<byte[]> argv) throws Exception {
        ByteArrayOutput out = new ByteArrayOutput();
        store.execute(argv, new ExecContext(1_700_000_000_000L, 1, 2), new RespWriter(out, 2));
        return Reply.read(new ByteArrayInputStream(out.toByteArray())).render();
    }

    private static String damageBytes(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int[] edge = {0, 1, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xfe, 0xff};
        for (int i = r.nextInt(1, 4); i > 0; i--) {
            b.append((char) (r.nextBoolean() ? r.nextInt(256) : edge[r.nextInt(edge.length)]));
        }
        return b.toString();
    }

    @Test
    void damagedHllsAnswerAsRedis() throws Exception {
        SplittableRandom r = new SplittableRandom(41);
        List<String> mismatches = new ArrayList<>();
        try (RawClient c = new RawClient(redis.port())) {
            for (int trial = 0; trial < 1500 && mismatches.size() < 5; trial++) {
                Store store = new Store();
                Reply.call(c, "FLUSHALL");
                List<List<byte[]>> script = new ArrayList<>();
                int n = r.nextInt(4) == 0 ? 3000 : r.nextInt(1, 40); // 3000 distinct elements go dense
                List<String> add = new ArrayList<>(List.of("PFADD", "h"));
                for (int i = 0; i < n; i++) {
                    add.add("e" + r.nextInt(1_000_000));
                }
                script.add(argv(add.toArray(String[]::new)));
                script.add(argv("PFADD", "other", "a", "b"));
                for (int step = 0; step < 6; step++) {
                    script.add(switch (r.nextInt(8)) {
                        case 0, 1 -> argv("SETRANGE", "h", Integer.toString(r.nextInt(r.nextBoolean() ? 20 : 200)), damageBytes(r));
                        case 2 -> argv("APPEND", "h", damageBytes(r));
                        case 3 -> argv("PFCOUNT", "h");
                        case 4 -> argv("PFCOUNT", "h", "other");
                        case 5 -> argv("PFADD", "h", "x" + r.nextInt(1000), "y" + r.nextInt(1000));
                        case 6 -> argv("PFMERGE", r.nextBoolean() ? "h" : "dst", "h", "other");
                        default -> argv("PFMERGE", "other", "h");
                    });
                }
                script.add(argv("GET", "h"));
                script.add(argv("GET", "dst"));
                script.add(argv("GET", "other"));
                List<String> history = new ArrayList<>();
                for (List<byte[]> cmd : script) {
                    String text = String.join(" ", cmd.stream().map(a -> esc(a)).toList());
                    String theirs = Reply.call(c, cmd).render();
                    String mine = ours(store, cmd);
                    history.add(text.length() > 120 ? text.substring(0, 120) + "..." : text);
                    if (!theirs.equals(mine)) {
                        mismatches.add(String.join("\n  ", history) + "\n   redis: " + abbrev(theirs) + "\n   store: " + abbrev(mine));
                        break;
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static String esc(byte[] a) {
        StringBuilder sb = new StringBuilder();
        for (byte b : a) {
            int v = b & 0xff;
            sb.append(v >= 0x21 && v < 0x7f ? Character.toString(v) : String.format("\\x%02x", v));
        }
        return sb.toString();
    }

    private static String abbrev(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
