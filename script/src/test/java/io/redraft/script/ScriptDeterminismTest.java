package io.redraft.script;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores applying the same entries (argv, time, seed), as two replicas do, end with the same
 * replies and the same keyspace digest, whatever scripts with TIME, math.random, SRANDMEMBER and
 * SPOP do; and a script that fails midway leaves the same writes on both.
 */
class ScriptDeterminismTest {
    private static final String MIXER = """
            local n = math.random(1, 1000)
            local t = redis.call('TIME')
            redis.call('SADD', KEYS[1], n, t[1], t[2], math.random(5))
            local picked = redis.call('SRANDMEMBER', KEYS[1])
            redis.call('HSET', KEYS[2], 'last', picked, 'pop', tostring(redis.call('SPOP', KEYS[1])))
            redis.call('INCRBYFLOAT', KEYS[3], math.random())
            if n % 7 == 0 then error('midway ' .. n) end
            redis.call('LPUSH', KEYS[4], n)
            return {n, picked}""";

    @Test
    void replicasApplyingTheSameEntriesAgree() {
        LocalStore a = new LocalStore();
        LocalStore b = new LocalStore();
        SplittableRandom entries = new SplittableRandom(7);
        List<String> repliesA = new ArrayList<>();
        List<String> repliesB = new ArrayList<>();
        String sha = null;
        for (int i = 0; i < 300; i++) {
            long now = 1_700_000_000_000L + entries.nextInt(1_000_000);
            long seed = entries.nextLong();
            String key = "s" + entries.nextInt(5);
            String[] cmd = i == 0 ? new String[]{"SCRIPT", "LOAD", MIXER}
                    : i % 2 == 0 ? new String[]{"EVALSHA", sha, "4", key, "h", "f", "l"}
                    : new String[]{"EVAL", MIXER, "4", key, "h", "f", "l"};
            for (LocalStore s : List.of(a, b)) {
                s.now = now;
                s.seed = seed;
            }
            String ra = a.run(cmd);
            String rb = b.run(cmd);
            if (i == 0) {
                sha = ra.substring(5, 45);
            }
            repliesA.add(ra);
            repliesB.add(rb);
        }
        assertThat(repliesA).isEqualTo(repliesB);
        assertThat(a.store.digest()).isEqualTo(b.store.digest());
        // The mix must have exercised both outcomes, or the test proves little.
        assertThat(repliesA).anyMatch(r -> r.startsWith("-ERR user_script:7: midway"));
        assertThat(repliesA).anyMatch(r -> r.startsWith("*2"));
        // Different seeds must give a different history: the seed is what makes them agree.
        LocalStore c = new LocalStore();
        c.seed = 1;
        LocalStore d = new LocalStore();
        d.seed = 2;
        for (int i = 0; i < 20; i++) {
            c.run("EVAL", MIXER, "4", "s", "h", "f", "l");
            d.run("EVAL", MIXER, "4", "s", "h", "f", "l");
        }
        assertThat(c.store.digest()).isNotEqualTo(d.store.digest());
    }
}
