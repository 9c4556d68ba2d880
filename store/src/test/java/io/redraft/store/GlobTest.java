package io.redraft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The matcher's pinned cases, Redis's quirks among them (each checked against redis-server 7.0 by
 * hand and, in bulk, by {@code diff.GlobDiffTest}), and its bounded cost on hostile patterns.
 */
class GlobTest {
    private static boolean m(String pattern, String s) {
        return Glob.matches(bytes(pattern), bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void matchesLikeStringmatchlen() {
        assertThat(m("*", "anything")).isTrue();
        assertThat(m("h?llo", "hello")).isTrue();
        assertThat(m("h?llo", "hllo")).isFalse();
        assertThat(m("h*llo", "heeeello")).isTrue();
        assertThat(m("h[ae]llo", "hallo")).isTrue();
        assertThat(m("h[^e]llo", "hello")).isFalse();
        assertThat(m("h[a-b]llo", "hbllo")).isTrue();
        assertThat(m("h[b-a]llo", "hbllo")).isTrue(); // a reversed range is swapped
        assertThat(m("a\\*b", "a*b")).isTrue();
        assertThat(m("a\\*b", "axb")).isFalse();
        assertThat(m("[\\]]", "]")).isTrue();
        assertThat(m("[a-]", "]")).isTrue(); // "a-]" is the range a..]
        assertThat(m("[abc", "c")).isTrue(); // an unterminated class ends with the pattern
        assertThat(m("ab\\", "ab\\")).isTrue(); // a trailing backslash is literal
    }

    @Test
    void keepsRedisQuirks() {
        assertThat(m("**", "")).isFalse(); // a star never matches at the end; KEYS special-cases "*"
        assertThat(m("", "")).isTrue();
        assertThat(m("", "a")).isFalse();
        assertThat(m("a**", "a")).isTrue();
        // Bytes compare as C's signed char in ranges: [a-\xff] is the range -1..'a'.
        assertThat(Glob.matches(new byte[] {'[', 'a', '-', (byte) 0xff, ']'}, new byte[] {'b'})).isFalse();
        assertThat(Glob.matches(new byte[] {'[', 'a', '-', (byte) 0xff, ']'}, new byte[] {'0'})).isTrue();
        assertThat(Glob.matches(new byte[] {'[', 'a', '-', (byte) 0xff, ']'}, new byte[] {(byte) 0xff})).isTrue();
    }

    @Test
    void nocaseFoldsAsciiOnlyAndNotEscapesInClasses() {
        assertThat(Glob.matchesIgnoreCase("RAFT.*TIMEOUT", "raft.request-timeout")).isTrue();
        assertThat(Glob.matchesIgnoreCase("[A-C]x", "bX")).isTrue();
        assertThat(Glob.matchesIgnoreCase("[\\A]", "a")).isFalse(); // Redis compares escapes with their case
        assertThat(Glob.matchesIgnoreCase("\\A", "a")).isTrue();
        assertThat(Glob.matchesIgnoreCase("max*", "port")).isFalse();
    }

    @Test
    void knowsWhatIsAPattern() {
        assertThat(Glob.hasWildcards("port")).isFalse();
        assertThat(Glob.hasWildcards("p*")).isTrue();
        assertThat(Glob.hasWildcards("p?")).isTrue();
        assertThat(Glob.hasWildcards("[p]")).isTrue();
    }

    /** The pattern that froze a node for good: redis-server answers it in milliseconds. */
    @Test
    void hostilePatternsCostPolynomialTime() {
        byte[] as = bytes("a".repeat(60));
        List<String> hostile = List.of(
                "a*".repeat(24) + "b",
                "*a".repeat(30) + "*b",
                "*?".repeat(40) + "b",
                "*[a-z]".repeat(40) + "*[0-9]",
                "*".repeat(5000) + "b",
                "*a".repeat(1200) + "b");
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            for (String p : hostile) {
                assertThat(Glob.matches(bytes(p), as)).as(p).isFalse();
            }
        });
        byte[] big = bytes("ab".repeat(50_000));
        assertTimeoutPreemptively(Duration.ofMillis(500), () ->
                assertThat(Glob.matches(bytes("*a*a*a*a*a*a*a*a*c"), big)).isFalse());
    }

    /** KEYS and SCAN MATCH go through this matcher: the hostile pattern returns at once there too. */
    @Test
    void keysAndScanAnswerTheHostilePattern() {
        TestClient c = new TestClient();
        c.run("SET", "a".repeat(60), "v");
        String hostile = "a*".repeat(24) + "b";
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            assertThat(c.run("KEYS", hostile)).isEqualTo("*0\r\n");
            assertThat(c.run("SCAN", "0", "MATCH", hostile)).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        });
    }

    @Test
    void moreThanAThousandNestedStarsFailAsInRedis() {
        String s = "a".repeat(1100);
        assertThat(m("*a".repeat(999) + "*", s)).isTrue();
        assertThat(m("*a".repeat(1001) + "*", s)).isFalse();
    }
}
