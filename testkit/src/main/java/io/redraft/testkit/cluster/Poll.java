package io.redraft.testkit.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits for a condition on real processes by polling it: a short interval and a deadline, never a
 * fixed sleep, so a test is as fast as the cluster and fails with the last state it saw.
 */
public final class Poll {
    static final Duration INTERVAL = Duration.ofMillis(25);

    private Poll() {}

    /**
     * Calls {@code probe} until {@code done} accepts its value and returns that value. A probe that
     * throws counts as "not yet" (a node may be restarting); its exception is reported if time runs out.
     */
    public static <T> T until(String what, Callable<T> probe, Predicate<? super T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = "(never probed)";
        Throwable lastError = null;
        while (true) {
            try {
                T value = probe.call();
                if (done.test(value)) return value;
                last = value;
                lastError = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception | AssertionError e) {
                last = "probe failed: " + e;
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError failure = new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for " + what + "; last observed: "
                                + Objects.toString(last));
                if (lastError != null) failure.initCause(lastError);
                throw failure;
            }
            LockSupport.parkNanos(INTERVAL.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    /** Waits until {@code condition} holds; {@code state} describes what was seen if it never does. */
    public static void until(String what, Callable<Boolean> condition, Callable<?> state, Duration timeout) {
        until(what, () -> {
            if (Boolean.TRUE.equals(condition.call())) return Observed.OK;
            return new Observed(String.valueOf(state.call()));
        }, o -> o == Observed.OK, timeout);
    }

    /** Time left before a deadline, for waits that must share one budget. */
    static long millisLeft(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private record Observed(String state) {
        static final Observed OK = new Observed("ok");

        @Override
        public String toString() {
            return state;
        }
    }
}
