package io.redraft.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryValueTest {
    @Test
    void unitsFollowRedis() {
        assertThat(MemoryValue.parse("100")).hasValue(100);
        assertThat(MemoryValue.parse("100b")).hasValue(100);
        assertThat(MemoryValue.parse("1k")).hasValue(1000);
        assertThat(MemoryValue.parse("1kb")).hasValue(1024);
        assertThat(MemoryValue.parse("1KB")).hasValue(1024);
        assertThat(MemoryValue.parse("64m")).hasValue(64_000_000);
        assertThat(MemoryValue.parse("64mb")).hasValue(64L * 1024 * 1024);
        assertThat(MemoryValue.parse("1g")).hasValue(1_000_000_000);
        assertThat(MemoryValue.parse("1gb")).hasValue(1L << 30);
        assertThat(MemoryValue.parse("1Gb")).hasValue(1L << 30);
    }

    @Test
    void refusesSignsSpacesUnknownUnitsAndOverflow() {
        for (String bad : new String[] {"-1", "+1", "1 kb", "1tb", "1.5mb", "kb", "", "abc", "99999999999999999999", "9999999999999gb"}) {
            assertThat(MemoryValue.parse(bad)).as(bad).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void integersFollowString2ll() {
        assertThat(MemoryValue.parseInteger("0")).hasValue(0);
        assertThat(MemoryValue.parseInteger("-5")).hasValue(-5);
        assertThat(MemoryValue.parseInteger("9223372036854775807")).hasValue(Long.MAX_VALUE);
        for (String bad : new String[] {"", "-", "01", "+1", " 1", "1 ", "1k", "9223372036854775808", "-0"}) {
            assertThat(MemoryValue.parseInteger(bad)).as(bad).isEqualTo(OptionalLong.empty());
        }
    }
}
