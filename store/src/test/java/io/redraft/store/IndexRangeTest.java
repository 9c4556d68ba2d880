package io.redraft.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two negative-index rules differ where an end falls before the first element. */
class IndexRangeTest {
    @Test
    void elementRangesEndingBeforeTheFirstElementAreEmpty() {
        assertThat(IndexRange.ofElements(0, -1, 5)).isEqualTo(new IndexRange(0, 4));
        assertThat(IndexRange.ofElements(-100, 100, 5)).isEqualTo(new IndexRange(0, 4));
        assertThat(IndexRange.ofElements(0, -10, 5)).isNull(); // LRANGE l 0 -10 is empty
        assertThat(IndexRange.ofElements(5, 10, 5)).isNull();
        assertThat(IndexRange.ofElements(-2, -1, 5).count()).isEqualTo(2);
    }

    @Test
    void byteRangesClampBothEndsToTheFirstByte() {
        assertThat(IndexRange.ofBytes(0, -10, 5)).isEqualTo(new IndexRange(0, 0)); // GETRANGE s 0 -10 is "h"
        assertThat(IndexRange.ofBytes(-3, 100, 5)).isEqualTo(new IndexRange(2, 4));
        assertThat(IndexRange.ofBytes(0, -1, 0)).isNull();
        assertThat(IndexRange.ofBytes(3, 1, 5)).isNull();
    }
}
