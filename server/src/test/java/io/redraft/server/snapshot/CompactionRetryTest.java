package io.redraft.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactionRetryTest {
    @Test
    void theBackOffDoublesFromOneSecondAndStopsAt64() {
        CompactionRetry r = new CompactionRetry();
        long now = 0;
        assertThat(r.mayAttempt(now)).isTrue();
        assertThat(r.retryInMillis(now)).isEqualTo(-1);
        long[] want = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 64_000, 64_000};
        for (long w : want) {
            r.failed(true, now);
            assertThat(r.backoffMillis()).isEqualTo(w);
            assertThat(r.retryInMillis(now)).isEqualTo(w);
            assertThat(r.mayAttempt(now + w * 1_000_000L - 1)).isFalse();
            assertThat(r.retryDue(now + w * 1_000_000L)).isTrue();
            now += w * 1_000_000L;
        }
        assertThat(r.failed()).isEqualTo(want.length);
        r.succeeded();
        assertThat(r.consecutive()).isZero();
        assertThat(r.pending()).isFalse();
        assertThat(r.mayAttempt(now)).isTrue();
        assertThat(r.failed()).isEqualTo(want.length);
    }

    @Test
    void aFailureSomeoneWasToldOfIsNotRetriedButStillBacksOff() {
        CompactionRetry r = new CompactionRetry();
        r.failed(false, 0);
        assertThat(r.pending()).isFalse();
        assertThat(r.retryInMillis(0)).isEqualTo(-1);
        assertThat(r.mayAttempt(1)).isFalse(); // the log-size trigger waits too
        assertThat(r.retryDue(2_000_000_000L)).isFalse();
    }
}
