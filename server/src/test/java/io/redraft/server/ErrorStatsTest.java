package io.redraft.server;

import io.redraft.resp.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** INFO errorstats and total_error_replies count every error reply by its code, as Redis 7 does. */
class ErrorStatsTest extends InProcessClusterFixture {
    @Test
    void errorRepliesAreCountedByCode() throws Exception {
        int[] ports = cluster.form(1);
        try (RawClient c = new RawClient(ports[0])) {
            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
            assertThat(c.call("LPUSH", "list", "a")).isEqualTo(":1\r\n");
            assertThat(c.call("GET", "list")).startsWith("-WRONGTYPE");
            assertThat(c.call("INCR", "list")).startsWith("-WRONGTYPE");
            assertThat(c.call("NOSUCHCOMMAND")).startsWith("-ERR unknown command");
            assertThat(c.call("GET")).startsWith("-ERR wrong number of arguments");
            // Inside a transaction too: EXEC's array carries the error, and it counts.
            c.call("MULTI");
            c.call("INCR", "list");
            assertThat(c.call("EXEC")).contains("-WRONGTYPE");

            String errorstats = c.call("INFO", "errorstats");
            assertThat(errorstats).contains("# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_WRONGTYPE:count=3\r\n");
            assertThat(field(c.call("INFO", "stats"), "total_error_replies")).isEqualTo("5");
            assertThat(c.call("INFO")).contains("# Errorstats"); // a default section, as in Redis 7

            assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
            assertThat(c.call("INFO", "errorstats")).doesNotContain("errorstat_");
            assertThat(field(c.call("INFO", "stats"), "total_error_replies")).isEqualTo("0");
        }
    }
}
