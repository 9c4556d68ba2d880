package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyExitTest {
    @Test
    void versionGoesToStdoutWithStatusZero() {
        EarlyExit e = EarlyExit.of(new String[] {"--version"}).orElseThrow();
        assertThat(e.text()).startsWith("Redraft server v=" + ServerConfig.REDIS_VERSION + " ");
        // Redis's fields first (scripts parse v=), then which Redraft build this is.
        assertThat(e.text()).endsWith(" redraft=" + io.redraft.server.BuildInfo.CURRENT.version()
                + " redraft_sha=" + io.redraft.server.BuildInfo.CURRENT.shortSha1());
        assertThat(e.stderr()).isFalse();
        assertThat(e.status()).isZero();
        assertThat(EarlyExit.of(new String[] {"-v"})).contains(e);
    }

    @Test
    void helpGoesToStderrWithStatusOne() {
        EarlyExit e = EarlyExit.of(new String[] {"-h"}).orElseThrow();
        assertThat(e.text()).startsWith("Usage: redraft-server");
        assertThat(e.stderr()).isTrue();
        assertThat(e.status()).isEqualTo(1);
    }

    @Test
    void onlyTheFirstArgumentCounts() {
        assertThat(EarlyExit.of(new String[] {})).isEmpty();
        assertThat(EarlyExit.of(new String[] {"--port", "1", "--version"})).isEmpty();
        assertThat(EarlyExit.of(new String[] {"redis.conf"})).isEmpty();
    }
}
