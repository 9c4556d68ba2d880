package io.redraft.testkit.elle;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Generates a history of N minutes ({@link HistoryGenerator}) and checks it, in the JVM it runs
 * in: {@code ListAppendScaleTest} starts it in a child JVM with a fixed {@code -Xmx}. Prints one
 * line of figures; exits 0 when the history checks valid, 1 when not.
 */
public final class ListAppendScale {
    public static void main(String[] args) {
        double minutes = Double.parseDouble(args[0]);
        HistoryGenerator gen = new HistoryGenerator(2026);
        long t0 = System.nanoTime();
        List<Txn> history = gen.generate((int) (minutes * HistoryGenerator.PER_MINUTE));
        long t1 = System.nanoTime();
        System.gc();
        long historyBytes = used();
        resetPeaks();
        ElleResult r = ListAppendChecker.check(history);
        long t2 = System.nanoTime();
        System.out.printf("minutes=%s transactions=%d micro-ops=%d keys=%d max-heap=%dMB history-live=%dMB peak-heap=%dMB"
                        + " generate=%.1fs check=%.1fs valid=%s%n",
                args[0], history.size(), gen.microOps, gen.keys(), Runtime.getRuntime().maxMemory() >> 20,
                historyBytes >> 20, peak() >> 20, (t1 - t0) / 1e9, (t2 - t1) / 1e9, r.valid());
        if (!r.valid()) System.out.println(r.anomalies().subList(0, Math.min(3, r.anomalies().size())));
        System.exit(r.valid() ? 0 : 1);
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any moment. */
    private static long peak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
