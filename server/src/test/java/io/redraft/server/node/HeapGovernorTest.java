package io.redraft.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapGovernorTest {
    private static final long MB = 1L << 20;

    @Test
    void aSmallLiveHeapGetsTheMinimumHeadroom() {
        assertThat(HeapGovernor.softMaxFor(40 * MB, 4096 * MB, 3)).isEqualTo(176 * MB); // 40 + 128, rounded up to 16
    }

    @Test
    void aLargeLiveHeapGetsItsMultiple() {
        assertThat(HeapGovernor.softMaxFor(1300 * MB, 8192 * MB, 3)).isEqualTo(3904 * MB); // 3900 rounded up
        assertThat(HeapGovernor.softMaxFor(1300 * MB, 8192 * MB, 1.5)).isEqualTo(1952 * MB);
    }

    @Test
    void neverOverTheMaximumHeap() {
        assertThat(HeapGovernor.softMaxFor(3000 * MB, 3072 * MB, 3)).isEqualTo(3072 * MB);
    }

    @Test
    void aMultipleThatIsNotOneIsReplacedByTheDefault() {
        assertThat(HeapGovernor.ratio(null)).isEqualTo(3);
        assertThat(HeapGovernor.ratio("2.5")).isEqualTo(2.5);
        assertThat(HeapGovernor.ratio("x")).isEqualTo(3);
        assertThat(HeapGovernor.ratio("0.5")).isEqualTo(3);
    }

    @Test
    void nothingBeforeACollectionMeasuredTheLiveHeap() {
        assertThat(HeapGovernor.softMaxFor(0, 4096 * MB, 3)).isZero();
    }
}
