package io.redraft.resp;

import java.lang.management.ManagementFactory;

/**
 * The fuzz targets' "bounded allocation" check: a decoder must not allocate from a declared length
 * alone, so what one input costs is bounded by a constant plus a multiple of the input's own size.
 * Counted with the thread's allocation counter; an input over the bound is run a second time and
 * only that run counts, so that class loading, lambdas and other one-time costs of the first run
 * through a code path are not blamed on the input.
 */
public final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {}

    /** A fuzz target's body; it must do the same thing each time it runs. */
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body}; fails when it allocates more than {@code fixed + perInputByte * inputLength} bytes. */
    public static void bounded(int inputLength, long fixed, long perInputByte, Body body) throws Exception {
        long bound = fixed + perInputByte * inputLength;
        long used = measure(body);
        if (used > bound && (used = measure(body)) > bound) {
            throw new AssertionError("allocated " + used + " bytes for a " + inputLength + "-byte input (bound " + bound + ")");
        }
    }

    private static long measure(Body body) throws Exception {
        long start = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - start;
    }
}
