package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobPatternTest {
    @Test
    void matchesLikeRedisStringmatchNocase() {
        assertThat(GlobPattern.matches("*", "port")).isTrue();
        assertThat(GlobPattern.matches("raft.*", "raft.addr")).isTrue();
        assertThat(GlobPattern.matches("RAFT.*TIMEOUT", "raft.request-timeout")).isTrue();
        assertThat(GlobPattern.matches("p?rt", "port")).isTrue();
        assertThat(GlobPattern.matches("p?rt", "pot")).isFalse();
        assertThat(GlobPattern.matches("[a-p]ort", "port")).isTrue();
        assertThat(GlobPattern.matches("[^p]ort", "port")).isFalse();
        assertThat(GlobPattern.matches("[^x]ort", "port")).isTrue();
        assertThat(GlobPattern.matches("max*", "port")).isFalse();
        assertThat(GlobPattern.matches("*a\\*", "aa*")).isTrue();
        assertThat(GlobPattern.matches("*a\\*", "aab")).isFalse();
        assertThat(GlobPattern.matches("**", "")).isTrue();
    }

    @Test
    void knowsWhatIsAPattern() {
        assertThat(GlobPattern.hasWildcards("port")).isFalse();
        assertThat(GlobPattern.hasWildcards("p*")).isTrue();
        assertThat(GlobPattern.hasWildcards("p?")).isTrue();
        assertThat(GlobPattern.hasWildcards("[p]")).isTrue();
    }
}
