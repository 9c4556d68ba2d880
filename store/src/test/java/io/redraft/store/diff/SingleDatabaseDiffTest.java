package io.redraft.store.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * COPY ... DB, MOVE and SWAPDB against a redis-server started with {@code --databases 1}, the
 * only setting Redraft accepts: database 0 exists, every other index is refused.
 */
class SingleDatabaseDiffTest {
    @RegisterExtension
    static final ReferenceRedis redis = new ReferenceRedis("--databases", "1");

    private static final String[] SCRIPT = {
            "SET a 1",
            "COPY a b DB 0",
            "COPY a b DB 0 REPLACE",
            "COPY a b DB 1",
            "COPY a b DB -1",
            "COPY a b DB x",
            "COPY a b DB 99999999999",
            "COPY a b DB 0 DB 1",
            "COPY a a DB 0",
            "COPY nokey c DB 0",
            "COPY a b DB",
            "MOVE a 0",
            "MOVE a 1",
            "MOVE a -1",
            "MOVE a x",
            "MOVE a 99999999999",
            "MOVE nokey 0",
            "MOVE nokey 15",
            "MOVE a",
            "SWAPDB 0 0",
            "SWAPDB 0 1",
            "SWAPDB 1 0",
            "SWAPDB x 0",
            "SWAPDB 0 x",
            "SWAPDB 99999999999 0",
            "SWAPDB 0 99999999999",
            "SWAPDB 1 x",
            "SWAPDB 0",
            "GET a",
            "GET b",
    };

    @Test
    void otherDatabasesAreRefusedAsRedisWithOneDatabase() throws Exception {
        try (Harness h = new Harness(redis.port(), 1)) {
            h.random = false;
            for (int proto : new int[]{2, 3}) {
                h.run(GeoDiffTest.argv("FLUSHALL"), proto);
                for (String line : SCRIPT) {
                    h.run(GeoDiffTest.argv(line), proto);
                }
            }
            assertThat(h.mismatches).isEmpty();
        }
    }
}
