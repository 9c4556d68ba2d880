package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArgSplitterTest {
    @Test
    void splitsOnBlanksAndKeepsQuotedSpaces() {
        assertThat(ArgSplitter.split("  save  \"\"  ")).containsExactly("save", "");
        assertThat(ArgSplitter.split("requirepass 'a b' \"c d\"")).containsExactly("requirepass", "a b", "c d");
        assertThat(ArgSplitter.split("a\tb")).containsExactly("a", "b");
        assertThat(ArgSplitter.split("   ")).isEmpty();
    }

    @Test
    void doubleQuotesUnderstandRedisEscapes() {
        assertThat(ArgSplitter.split("k \"a\\nb\\tc\\\\d\\\"e\\x41\\q\"")).containsExactly("k", "a\nb\tc\\d\"eAq");
        assertThat(ArgSplitter.split("k \"\\xc3\\xa9\"")).containsExactly("k", "é");
        // \x needs two hex digits, otherwise the backslash just quotes the 'x'.
        assertThat(ArgSplitter.split("k \"\\xZZ\"")).containsExactly("k", "xZZ");
    }

    @Test
    void singleQuotesOnlyEscapeTheQuote() {
        assertThat(ArgSplitter.split("k 'it\\'s \\n'")).containsExactly("k", "it's \\n");
    }

    @Test
    void quotesMayStartInsideAWord() {
        assertThat(ArgSplitter.split("k ab\"c d\"")).containsExactly("k", "abc d");
    }

    @Test
    void unbalancedOrGluedQuotesAreRefused() {
        assertThat(ArgSplitter.split("k \"abc")).isNull();
        assertThat(ArgSplitter.split("k 'abc")).isNull();
        assertThat(ArgSplitter.split("k \"a\"b")).isNull();
        assertThat(ArgSplitter.split("k 'a'b")).isNull();
    }

    @Test
    void reprQuotesLikeSdscatrepr() {
        assertThat(ArgSplitter.repr("")).isEqualTo("\"\"");
        assertThat(ArgSplitter.repr("a b\"\\\n\r\t\u0007\b\u0001")).isEqualTo("\"a b\\\"\\\\\\n\\r\\t\\a\\b\\x01\"");
        assertThat(ArgSplitter.repr("é")).isEqualTo("\"\\xc3\\xa9\"");
    }

    @Test
    void reprThenSplitRoundTrips() {
        for (String s : new String[] {"", "plain", "with space", "q\"uote", "back\\slash", "nl\nx", "é", "'"}) {
            assertThat(ArgSplitter.split("k " + ArgSplitter.repr(s))).containsExactly("k", s);
        }
    }
}
