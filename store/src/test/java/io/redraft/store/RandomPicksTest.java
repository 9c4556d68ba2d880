package io.redraft.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Negative counts (picks with repetition): answered up to {@link Sampling#MAX_REPEATED_PICKS}
 * without collecting them; beyond it an existing key gets a range error rather than a reply that
 * would exhaust memory (Redis 7.0 tries to stream it); a missing key still gets an empty array.
 */
class RandomPicksTest {
    private static final String RANGE = "-ERR value is out of range, value must between -16777216 and 9223372036854775807\r\n";

    @Test
    @Timeout(20)
    void hugeNegativeCountsAreRefusedWithoutAllocating() {
        TestClient c = new TestClient();
        c.run("SADD", "s", "a", "b", "c");
        c.run("HSET", "h", "a", "1", "b", "2");
        c.run("ZADD", "z", "1", "a", "2", "b");
        for (String n : new String[]{"-9223372036854775807", "-4611686018427387904", "-16777217", "-2147483648",
                "-4294967296"}) {
            assertThat(c.run("SRANDMEMBER", "s", n)).isEqualTo(RANGE);
            assertThat(c.run("HRANDFIELD", "h", n)).isEqualTo(RANGE);
            assertThat(c.run("ZRANDMEMBER", "z", n)).isEqualTo(RANGE);
            if (Long.parseLong(n) >= -Long.MAX_VALUE / 2) { // else Redis's own WITHSCORES limit answers
                assertThat(c.run("ZRANDMEMBER", "z", n, "WITHSCORES")).isEqualTo(RANGE);
                assertThat(c.run("HRANDFIELD", "h", n, "WITHVALUES")).isEqualTo(RANGE);
            }
            assertThat(c.run("SRANDMEMBER", "nokey", n)).isEqualTo("*0\r\n");
            assertThat(c.run("HRANDFIELD", "nokey", n)).isEqualTo("*0\r\n");
        }
        // Redis's own limits come first, with Redis's texts
        assertThat(c.run("SRANDMEMBER", "s", "-9223372036854775808"))
                .isEqualTo("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        assertThat(c.run("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES")).isEqualTo("-ERR value is out of range\r\n");
    }

    @Test
    void negativeCountsWithinTheLimitRepeatPicks() {
        TestClient c = new TestClient();
        c.run("SADD", "s", "a", "b");
        c.run("HSET", "h", "a", "1");
        c.run("ZADD", "z", "1", "a");
        assertThat(c.run("SRANDMEMBER", "s", "-5")).startsWith("*5\r\n");
        assertThat(c.run("HRANDFIELD", "h", "-3", "WITHVALUES")).isEqualTo("*6\r\n" + "$1\r\na\r\n$1\r\n1\r\n".repeat(3));
        assertThat(c.run("ZRANDMEMBER", "z", "-2")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\na\r\n");
        String big = c.run("SRANDMEMBER", "s", "-100000");
        assertThat(big).startsWith("*100000\r\n");
    }
}
