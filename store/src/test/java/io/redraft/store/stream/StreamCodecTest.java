package io.redraft.store.stream;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.store.Bytes;
import io.redraft.store.ExecContext;
import io.redraft.store.Store;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The older and newer stream layouts Redis writes: type 15 (Redis 5-6.2: no first ID, maximal
 * deleted ID, entries-added or group read counters, which the loader derives as Redis does) and
 * type 21 (7.2: consumers also carry an active time, which 7.0 has no place for). The bodies are
 * built from our own type-19 body by removing or adding exactly those fields.
 */
class StreamCodecTest {
    private record Tok(char kind, long v, byte[] b) {
    }

    private static List<Tok> tokens(StreamValue s) throws IOException {
        List<Tok> out = new ArrayList<>();
        StreamCodec.write(s, new StreamCodec.Sink() {
            @Override
            public void length(long v) {
                out.add(new Tok('L', v, null));
            }

            @Override
            public void string(byte[] b) {
                out.add(new Tok('S', 0, b));
            }

            @Override
            public void raw(byte[] b) {
                out.add(new Tok('R', 0, b));
            }

            @Override
            public void millis(long v) {
                out.add(new Tok('M', v, null));
            }
        });
        return out;
    }

    /** Type 19 tokens rewritten to type 15 (drop) or 21 (add active times). */
    private static List<Tok> convert(List<Tok> t, int type) {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        long nodes = t.get(i).v();
        out.add(t.get(i++));
        for (long n = 0; n < 2 * nodes; n++) {
            out.add(t.get(i++));
        }
        for (int k = 0; k < 3; k++) {
            out.add(t.get(i++)); // length, last id
        }
        if (type == 15) {
            i += 5; // first id, max deleted id, entries added
        } else {
            for (int k = 0; k < 5; k++) {
                out.add(t.get(i++));
            }
        }
        long groups = t.get(i).v();
        out.add(t.get(i++));
        for (long g = 0; g < groups; g++) {
            for (int k = 0; k < 3; k++) {
                out.add(t.get(i++)); // name, last id
            }
            if (type == 15) {
                i++; // entries read
            } else {
                out.add(t.get(i++));
            }
            long pel = t.get(i).v();
            out.add(t.get(i++));
            for (long p = 0; p < 3 * pel; p++) {
                out.add(t.get(i++));
            }
            long consumers = t.get(i).v();
            out.add(t.get(i++));
            for (long c = 0; c < consumers; c++) {
                out.add(t.get(i++)); // name
                out.add(t.get(i++)); // seen time
                if (type == 21) {
                    out.add(new Tok('M', 123, null)); // active time
                }
                long owned = t.get(i).v();
                out.add(t.get(i++));
                for (long p = 0; p < owned; p++) {
                    out.add(t.get(i++));
                }
            }
        }
        assertThat(i).isEqualTo(t.size());
        return out;
    }

    private static StreamValue read(List<Tok> t, int type) throws IOException {
        int[] at = {0};
        return StreamCodec.read(new StreamCodec.Source() {
            private Tok next(char kind) {
                Tok x = t.get(at[0]++);
                assertThat(x.kind()).isEqualTo(kind);
                return x;
            }

            @Override
            public long length() {
                return next('L').v();
            }

            @Override
            public byte[] string() {
                return next('S').b();
            }

            @Override
            public byte[] raw(int n) {
                byte[] b = next('R').b();
                assertThat(b).hasSize(n);
                return b;
            }

            @Override
            public long millis() {
                return next('M').v();
            }
        }, type);
    }

    private static String run(Store s, String... args) {
        List<byte[]> argv = Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
        ByteArrayOutput out = new ByteArrayOutput();
        s.execute(argv, new ExecContext(1_800_000_000_000L, 1, 2), new RespWriter(out, 2));
        return out.toString();
    }

    private static Store withStream() {
        Store s = new Store();
        for (int i = 1; i <= 5; i++) {
            run(s, "XADD", "s", i + "-0", "f", "v" + i);
        }
        run(s, "XDEL", "s", "3-0");
        run(s, "XGROUP", "CREATE", "s", "early", "0");
        run(s, "XGROUP", "CREATE", "s", "middle", "2-0");
        run(s, "XGROUP", "CREATE", "s", "late", "$");
        run(s, "XREADGROUP", "GROUP", "early", "alice", "COUNT", "2", "STREAMS", "s", ">");
        run(s, "XGROUP", "CREATECONSUMER", "s", "early", "bob");
        return s;
    }

    private static Store install(StreamValue v) {
        Store s = new Store();
        s.keyspace().put(Bytes.of("s"), v);
        return s;
    }

    @Test
    void type21LoadsWithoutTheActiveTime() throws IOException {
        Store original = withStream();
        StreamValue v = original.keyspace().get(Bytes.of("s"), 0, StreamValue.class);
        Store loaded = install(read(convert(tokens(v), 21), StreamCodec.TYPE_STREAM_LISTPACKS_3));
        assertThat(loaded.digest()).isEqualTo(original.digest());
        assertThat(read(convert(tokens(v), 19), StreamCodec.TYPE_STREAM_LISTPACKS_2).contentDigest())
                .isEqualTo(v.contentDigest());
    }

    @Test
    void type15DerivesTheCountersAsRedisDoes() throws IOException {
        Store original = withStream();
        StreamValue v = original.keyspace().get(Bytes.of("s"), 0, StreamValue.class);
        Store loaded = install(read(convert(tokens(v), 15), StreamCodec.TYPE_STREAM_LISTPACKS));
        assertThat(run(loaded, "XRANGE", "s", "-", "+")).isEqualTo(run(original, "XRANGE", "s", "-", "+"));
        String info = run(loaded, "XINFO", "STREAM", "s");
        // entries-added is the length, no tombstone is known, the first ID is the first entry's
        assertThat(info).contains("$20\r\nmax-deleted-entry-id\r\n$3\r\n0-0\r\n$13\r\nentries-added\r\n:4\r\n"
                + "$23\r\nrecorded-first-entry-id\r\n$3\r\n1-0\r\n");
        // entries-read: before the first entry 0, at the last entry entries-added, in between unknown
        String groups = run(loaded, "XINFO", "GROUPS", "s");
        assertThat(groups).contains("$5\r\nearly\r\n$9\r\nconsumers\r\n:2\r\n$7\r\npending\r\n:2\r\n"
                + "$17\r\nlast-delivered-id\r\n$3\r\n2-0\r\n$12\r\nentries-read\r\n$-1\r\n");
        assertThat(groups).contains("$4\r\nlate\r\n$9\r\nconsumers\r\n:0\r\n$7\r\npending\r\n:0\r\n"
                + "$17\r\nlast-delivered-id\r\n$3\r\n5-0\r\n$12\r\nentries-read\r\n:4\r\n$3\r\nlag\r\n:0\r\n");
        assertThat(run(loaded, "XPENDING", "s", "early")).isEqualTo(run(original, "XPENDING", "s", "early"));
    }

    @Test
    void inconsistentBodiesAreRejected() throws IOException {
        StreamValue v = withStream().keyspace().get(Bytes.of("s"), 0, StreamValue.class);
        List<Tok> t = tokens(v);
        List<Tok> wrongLength = new ArrayList<>(t);
        wrongLength.set(3, new Tok('L', 99, null)); // one node: [nodes, key, listpack, length, ...]
        assertThatThrownBy(() -> read(wrongLength, 19)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
        List<Tok> badListpack = new ArrayList<>(t);
        byte[] lp = badListpack.get(2).b().clone();
        lp[lp.length - 1] = 0x42;
        badListpack.set(2, new Tok('S', 0, lp));
        assertThatThrownBy(() -> read(badListpack, 19)).isInstanceOf(IllegalArgumentException.class);
    }
}
