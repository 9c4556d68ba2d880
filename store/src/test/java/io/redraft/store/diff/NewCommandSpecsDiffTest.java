package io.redraft.store.diff;

import io.redraft.resp.RawClient;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import io.redraft.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table entries of GEO, SORT, MOVE and SWAPDB against redis-server's COMMAND INFO (arity,
 * flags, first/last/step) and COMMAND GETKEYS (movable key positions).
 */
class NewCommandSpecsDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private static final List<String> NAMES = List.of("geoadd", "geodist", "geohash", "geopos", "georadius",
            "georadius_ro", "georadiusbymember", "georadiusbymember_ro", "geosearch", "geosearchstore",
            "sort", "sort_ro", "move", "swapdb");

    @Test
    void specsMatchCommandInfo() throws Exception {
        try (RawClient r = new RawClient(redis.port())) {
            for (String name : NAMES) {
                Reply info = Reply.call(r, "COMMAND", "INFO", name).children().get(0);
                CommandSpec spec = Store.commands().lookup(name);
                assertThat(spec).as(name).isNotNull();
                assertThat(spec.arity()).as(name + " arity").isEqualTo(Integer.parseInt(info.children().get(1).line()));
                Set<String> theirs = new TreeSet<>();
                for (Reply f : info.children().get(2).children()) {
                    theirs.add(f.line());
                }
                Set<String> ours = new TreeSet<>();
                spec.flags().forEach(f -> ours.add(f.name().toLowerCase(Locale.ROOT)));
                Set<String> known = new TreeSet<>();
                for (CommandFlag f : CommandFlag.values()) {
                    known.add(f.name().toLowerCase(Locale.ROOT));
                }
                theirs.retainAll(known);
                assertThat(ours).as(name + " flags").isEqualTo(theirs);
                assertThat(List.of(spec.firstKey(), spec.lastKey(), spec.step())).as(name + " keys")
                        .isEqualTo(List.of(Integer.parseInt(info.children().get(3).line()),
                                Integer.parseInt(info.children().get(4).line()),
                                Integer.parseInt(info.children().get(5).line())));
            }
        }
    }

    @Test
    void movableKeysMatchCommandGetkeys() throws Exception {
        String[][] cases = {
                {"SORT", "src", "BY", "w_*", "LIMIT", "0", "1", "GET", "store", "STORE", "dst"},
                {"SORT", "src", "STORE", "a", "STORE", "b"},
                {"SORT", "src", "GET", "#"},
                {"SORT_RO", "src", "BY", "x"},
                {"GEORADIUS", "src", "0", "0", "1", "km", "STORE", "dst"},
                {"GEORADIUS", "src", "0", "0", "1", "km", "STOREDIST", "dst"},
                {"GEORADIUSBYMEMBER", "src", "m", "1", "km", "STORE", "dst"},
                {"GEOSEARCHSTORE", "dst", "src", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"},
                {"MOVE", "k", "1"},
        };
        try (RawClient r = new RawClient(redis.port())) {
            for (String[] argv : cases) {
                List<String> cmd = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
                cmd.addAll(List.of(argv));
                List<String> theirs = new ArrayList<>();
                Reply.call(r, cmd.toArray(String[]::new)).children().forEach(k -> theirs.add(k.line()));
                List<byte[]> args = new ArrayList<>();
                for (String a : argv) {
                    args.add(a.getBytes());
                }
                List<String> ours = new ArrayList<>();
                Store.commands().lookup(args).keyPositions(args).forEach(i -> ours.add(argv[i]));
                assertThat(ours).as(String.join(" ", argv)).isEqualTo(theirs);
            }
        }
    }
}
