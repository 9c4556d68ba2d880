package io.redraft.store.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random command sequences per data type, run against a real redis-server and the
 * store; replies must match byte for byte (see {@link Harness} for the normalisations).
 * {@code -Dredraft.diff.commands=N} sets the commands per group, {@code -Dredraft.diff.seed}
 * the seed.
 */
class DifferentialTest {
    private static final int PER_GROUP = Integer.getInteger("redraft.diff.commands", 20_000);
    private static final long SEED = Long.getLong("redraft.diff.seed", 20261125L);
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis();

    private void runGroup(String prefix, Function<Gen, List<byte[]>> gen) throws Exception {
        try (Harness h = new Harness(redis.port(), SEED ^ prefix.hashCode())) {
            SplittableRandom r = new SplittableRandom(SEED + prefix.hashCode());
            Gen g = new Gen(r, prefix);
            for (int i = 0; i < PER_GROUP && h.mismatches.size() < 20; i++) {
                List<byte[]> argv = gen.apply(g);
                try {
                    h.run(argv, r.nextBoolean() ? 2 : 3);
                } catch (java.io.IOException e) {
                    StringBuilder sb = new StringBuilder();
                    argv.forEach(a -> sb.append(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1)).append(' '));
                    throw new AssertionError("redis connection failed at command " + i + ": " + sb, e);
                }
            }
            assertThat(h.mismatches).as("mismatches after %d commands", h.commands).isEmpty();
        }
    }

    @Test
    void strings() throws Exception {
        runGroup("s", Groups::strings);
    }

    @Test
    void keys() throws Exception {
        runGroup("k", Groups::keys);
    }

    @Test
    void hashes() throws Exception {
        runGroup("h", CollectionGroups::hashes);
    }

    @Test
    void lists() throws Exception {
        runGroup("l", CollectionGroups::lists);
    }

    @Test
    void sets() throws Exception {
        runGroup("t", CollectionGroups::sets);
    }

    @Test
    void zsets() throws Exception {
        runGroup("z", CollectionGroups::zsets);
    }

    @Test
    void anyCommandWithRandomArguments() throws Exception {
        runGroup("f", Groups::fuzz);
    }

    @Test
    void bitmaps() throws Exception {
        runGroup("b", Groups::bitmaps);
    }

    @Test
    void hyperloglog() throws Exception {
        runGroup("p", HllGroup::hll);
    }

    @Test
    void dumpRestore() throws Exception {
        runGroup("d", DumpGroup::dump);
    }
}
