package io.redraft.server.node;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the heap near what the data needs (#24): once a second, the JVM's soft heap limit
 * ({@code SoftMaxHeapSize}, a flag the JVM lets a running process change) is set from the live
 * heap the collector found at its last cycle: three times it, with at least {@link #MIN_HEADROOM}
 * to spare.
 *
 * <p>Why: a concurrent collector sizes the heap by its own pace, not by the data. Measured on
 * Shenandoah (the launcher's collector) with 200 MB live and a steady write load, the heap grew
 * to 4.2 GB in 10 s and was never given back while the load lasted; at 10M keys a node held 6 GB
 * of RSS for 1.3 GB of data (bench/HISTORY.md, "a quiet machine"). With the soft limit the
 * collector starts its cycles early enough to stay near it under a steady load and returns the
 * rest after its uncommit delay. Allocation can still go past it (up to -Xmx) when the data grows
 * faster than a cycle: nothing fails, and the next reading raises the limit. That is what happens
 * while 10M keys are loaded as fast as they come (the peak RSS did not move, bench/HISTORY.md,
 * "a heap limit that follows the data").
 *
 * <p>Why three times: the limit trades memory for collector work. On 1M keys under a steady
 * SET/GET load (bench/scale.sh -s memory, one run) the leader's RSS was 1,839 MB without a limit;
 * 545 MB at 1.5x the live heap with p99 12.9 ms against 3.0 ms and 5 ms safepoints; 728 MB at 3x
 * with p99 3.8 ms and safepoints under 1 ms, as without.
 *
 * <p>Shenandoah and ZGC honour the limit; on another collector it may have no effect. A limit
 * the operator set ({@code -XX:SoftMaxHeapSize}) is left alone, and {@code
 * -Dredraft.heap-governor=false} turns this off. One per process (the heap is the process's, and
 * tests run several nodes in one JVM), on its own daemon thread: it never touches a node's state.
 */
public final class HeapGovernor {
    private static final Logger log = LoggerFactory.getLogger(HeapGovernor.class);

    /** Headroom below which the limit does not go: a small dataset still gets room to allocate. */
    static final long MIN_HEADROOM = 128L << 20;
    /** The limit as a multiple of the live heap ({@code -Dredraft.heap-governor.ratio}). */
    static final double RATIO = ratio(System.getProperty("redraft.heap-governor.ratio"));
    /** Limits move in steps of this size, so that a live set that wobbles does not reset the flag every second. */
    static final long STEP = 16L << 20;

    private static boolean started;

    private final HotSpotDiagnosticMXBean vm;
    private final List<MemoryPoolMXBean> pools;
    private final long maxHeap;
    private final ScheduledExecutorService timer;
    private long softMax;

    private HeapGovernor(HotSpotDiagnosticMXBean vm, long maxHeap) {
        this.vm = vm;
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        this.maxHeap = maxHeap;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heap-governor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::adjust, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts the process's governor, once, when the first node starts; nothing where the heap is
     * not governed (turned off, the operator set the limit, or not a HotSpot JVM).
     */
    public static synchronized void startOnce() {
        if (started) return;
        started = true;
        start();
    }

    private static void start() {
        if (!Boolean.parseBoolean(System.getProperty("redraft.heap-governor", "true"))) return;
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption flag = vm.getVMOption("SoftMaxHeapSize");
            // The JVM sets it to -Xmx itself (ERGONOMIC); any other origin is the operator's choice.
            boolean ours = flag.getOrigin() == VMOption.Origin.DEFAULT || flag.getOrigin() == VMOption.Origin.ERGONOMIC;
            if (!flag.isWriteable() || !ours) return;
            new HeapGovernor(vm, Runtime.getRuntime().maxMemory()); // its timer keeps it
        } catch (RuntimeException notHotSpot) {
            // no flag to set: the JVM's own sizing stands
        }
    }

    /** The multiple asked for, or 3 (with a warning) when it is not a number of at least 1. */
    static double ratio(String asked) {
        if (asked == null) return 3;
        try {
            double r = Double.parseDouble(asked);
            if (r >= 1 && r <= 100) return r;
        } catch (NumberFormatException e) {
            // falls through to the warning
        }
        log.warn("redraft.heap-governor.ratio={} is not a multiple between 1 and 100; using 3", asked);
        return 3;
    }

    /**
     * The soft limit for a heap holding {@code live} bytes after a collection: {@link #RATIO} times
     * it, at least {@link #MIN_HEADROOM} more, rounded up to {@link #STEP}, never over {@code maxHeap};
     * 0 while no collection has measured the live heap yet (the JVM's own sizing stands).
     */
    static long softMaxFor(long live, long maxHeap) {
        return softMaxFor(live, maxHeap, RATIO);
    }

    static long softMaxFor(long live, long maxHeap, double ratio) {
        if (live <= 0) return 0;
        long wanted = Math.max((long) (live * ratio), live + MIN_HEADROOM);
        long rounded = (wanted + STEP - 1) / STEP * STEP;
        return Math.min(rounded, maxHeap);
    }

    /** The heap in use after each pool's last collection: what survived, the data and the node's own state. */
    static long liveAfterLastCollection(List<MemoryPoolMXBean> pools) {
        long sum = 0;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = p.getCollectionUsage();
            if (u != null) sum += u.getUsed();
        }
        return sum;
    }

    private void adjust() {
        try {
            long l = liveAfterLastCollection(pools);
            long next = softMaxFor(l, maxHeap);
            if (next == 0 || next == softMax) return;
            vm.setVMOption("SoftMaxHeapSize", Long.toString(next));
            if (softMax == 0) log.info("Heap limit follows the live data: {} MB for {} MB live (max {} MB)", next >> 20, l >> 20, maxHeap >> 20);
            softMax = next;
        } catch (RuntimeException e) {
            log.warn("Heap governor stopped: {}", e.toString());
            timer.shutdown();
        }
    }

    /** INFO {@code jvm_heap_live}: bytes in use after the last collection (0 before the first). */
    public static long live() {
        return liveAfterLastCollection(ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList());
    }

    /** INFO {@code jvm_heap_soft_max}: the soft limit in force (-Xmx until one is set), 0 where the JVM has none. */
    public static long softMaxInForce() {
        try {
            return Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("SoftMaxHeapSize").getValue());
        } catch (RuntimeException notHotSpot) {
            return 0;
        }
    }
}
