package io.redraft.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.redraft.server.config.LogLevel;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RedisLogLineTest {
    private static final Instant T = Instant.parse("2026-11-05T15:22:01.123Z");

    @Test
    void formatIsRedis() {
        assertThat(RedisLogLine.format(4242, 'M', T, ZoneId.of("UTC"), LogLevel.NOTICE, "Ready to accept connections tcp"))
                .isEqualTo("4242:M 05 Nov 2026 15:22:01.123 * Ready to accept connections tcp\n");
    }

    @Test
    void eachLevelHasItsMark() {
        assertThat(RedisLogLine.format(1, 'M', T, ZoneId.of("UTC"), LogLevel.DEBUG, "x")).contains(" . x");
        assertThat(RedisLogLine.format(1, 'M', T, ZoneId.of("UTC"), LogLevel.VERBOSE, "x")).contains(" - x");
        assertThat(RedisLogLine.format(1, 'M', T, ZoneId.of("UTC"), LogLevel.WARNING, "x")).contains(" # x");
    }

    @Test
    void localTimeIsUsed() {
        assertThat(RedisLogLine.format(1, 'M', T, ZoneId.of("Europe/Paris"), LogLevel.NOTICE, "x"))
                .startsWith("1:M 05 Nov 2026 16:22:01.123 *");
    }

    @Test
    void longMessagesAreCutLikeRedis() {
        String line = RedisLogLine.format(1, 'M', T, ZoneId.of("UTC"), LogLevel.NOTICE, "y".repeat(5000));
        assertThat(line).endsWith("y".repeat(RedisLogLine.MAX_MESSAGE) + "\n").doesNotContain("y".repeat(1024));
    }
}
