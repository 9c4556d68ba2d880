package io.redraft.store.diff;

import io.redraft.resp.RawClient;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.ExecContext;
import io.redraft.store.Glob;
import io.redraft.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The glob matcher gives redis-server's results: KEYS over random keys and random patterns (100k
 * random patterns over 100 keys, the store's own KEYS against Redis's), and the case-insensitive
 * form through CONFIG GET.
 * The alphabets are small and full of glob syntax so that classes, ranges, escapes, negation and
 * nested stars meet each other often; bytes above 0x7f check C's signed comparisons.
 */
class GlobDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static final byte[] KEY_BYTES = "abcAB*?[]^-\\".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PATTERN_BYTES = "abcAB*****???[[[]]]^^--\\\\".getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] random(SplittableRandom r, byte[] alphabet, int maxLen) {
        byte[] b = new byte[r.nextInt(maxLen + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextInt(20) == 0 ? (byte) (0x80 + r.nextInt(128)) : alphabet[r.nextInt(alphabet.length)];
        }
        return b;
    }

    private static List<byte[]> argv(byte[]... parts) {
        return List.of(parts);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static TreeSet<String> lines(Reply reply) {
        TreeSet<String> out = new TreeSet<>();
        for (Reply c : reply.children()) {
            out.add(c.line());
        }
        return out;
    }

    @Test
    void keysMatchesLikeRedis() throws Exception {
        SplittableRandom r = new SplittableRandom(23);
        Store store = new Store();
        ExecContext ctx = new ExecContext(System.currentTimeMillis(), 1, 2);
        int keys = 100;
        int patterns = 100_000;
        try (RawClient c = new RawClient(redis.port())) {
            Reply.call(c, "FLUSHALL");
            TreeSet<String> written = new TreeSet<>();
            while (written.size() < keys) {
                byte[] k = written.isEmpty() ? new byte[0] : random(r, KEY_BYTES, 10);
                if (written.add(new String(k, StandardCharsets.ISO_8859_1))) {
                    Reply.call(c, argv(b("SET"), k, b("v")));
                    store.execute(argv(b("SET"), k, b("v")), ctx, new RespWriter(new ByteArrayOutput(), 2));
                }
            }
            for (int i = 0; i < patterns; i++) {
                byte[] p = random(r, PATTERN_BYTES, 12);
                ByteArrayOutput out = new ByteArrayOutput();
                store.execute(argv(b("KEYS"), p), ctx, new RespWriter(out, 2));
                TreeSet<String> ours = lines(Reply.read(new ByteArrayInputStream(out.toByteArray())));
                TreeSet<String> theirs = lines(Reply.call(c, argv(b("KEYS"), p)));
                assertThat(ours).as("KEYS %s", new String(p, StandardCharsets.ISO_8859_1)).isEqualTo(theirs);
            }
        }
    }

    @Test
    void configGetMatchesWithoutCaseLikeRedis() throws Exception {
        SplittableRandom r = new SplittableRandom(29);
        try (RawClient c = new RawClient(redis.port())) {
            List<String> names = new ArrayList<>();
            List<Reply> all = Reply.call(c, "CONFIG", "GET", "*").children();
            for (int i = 0; i < all.size(); i += 2) {
                names.add(all.get(i).line());
            }
            byte[] alphabet = b("aeiouxrtpAEIOURT-*?[]^\\");
            for (int i = 0; i < 2000; i++) {
                String p = new String(random(r, alphabet, 8), StandardCharsets.ISO_8859_1);
                if (!Glob.hasWildcards(p)) {
                    continue; // Redis looks a plain name up exactly instead of matching
                }
                Reply reply = Reply.call(c, argv(b("CONFIG"), b("GET"), b(p)));
                TreeSet<String> theirs = new TreeSet<>();
                for (int j = 0; j < reply.children().size(); j += 2) {
                    theirs.add(reply.children().get(j).line());
                }
                TreeSet<String> ours = new TreeSet<>();
                for (String n : names) {
                    if (Glob.matches(b(p), b(n), true)) {
                        ours.add(n);
                    }
                }
                assertThat(ours).as("CONFIG GET %s", p).isEqualTo(theirs);
            }
        }
    }
}
