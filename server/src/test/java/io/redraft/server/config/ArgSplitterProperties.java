package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** What the command line relies on: any value quoted by repr splits back to itself. */
class ArgSplitterProperties {
    @Property(tries = 200)
    void reprRoundTrips(@ForAll @StringLength(max = 40) @CharRange(from = '\u0000', to = '\ud7ff') String value) {
        assertThat(ArgSplitter.split("name " + ArgSplitter.repr(value))).containsExactly("name", value);
    }

    @Property(tries = 100)
    void aCommandLineOfQuotedValuesSplitsIntoThem(
            @ForAll @Size(max = 5) List<@StringLength(max = 12) @CharRange(from = ' ', to = '~') String> values) {
        StringBuilder line = new StringBuilder("name");
        for (String v : values) line.append(' ').append(ArgSplitter.repr(v));
        List<String> words = ArgSplitter.split(line.toString());
        assertThat(words).isNotNull();
        assertThat(words.subList(1, words.size())).isEqualTo(values);
    }
}
