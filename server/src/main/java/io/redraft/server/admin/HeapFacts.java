package io.redraft.server.admin;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;

/**
 * DEBUG JMAP: Redis has no such subcommand; it stands where Redis's allocator reports
 * (MEMORY MALLOC-STATS, DEBUG MALLCTL) would, for a node whose memory is the JVM's. A short
 * bulk of {@code name:value} lines, as INFO prints them: the heap (used, committed, max; what
 * maxmemory and INFO memory's used_memory compare), the non-heap pools, each collector's count
 * and total pause time, and the NIO buffer pools (direct and mapped: Netty's buffers live there).
 */
final class HeapFacts {
    private HeapFacts() {}

    static byte[] report() {
        StringBuilder b = new StringBuilder();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        line(b, "heap_used", heap.getUsed());
        line(b, "heap_committed", heap.getCommitted());
        line(b, "heap_max", heap.getMax());
        line(b, "nonheap_used", nonHeap.getUsed());
        line(b, "nonheap_committed", nonHeap.getCommitted());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            line(b, "gc_" + name + "_count", gc.getCollectionCount());
            line(b, "gc_" + name + "_time_ms", gc.getCollectionTime());
        }
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            String name = pool.getName().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            line(b, "buffers_" + name + "_count", pool.getCount());
            line(b, "buffers_" + name + "_used", pool.getMemoryUsed());
            line(b, "buffers_" + name + "_capacity", pool.getTotalCapacity());
        }
        // Netty allocates its pooled direct buffers without a Cleaner, outside the JDK's pool: its own count.
        line(b, "netty_direct_used", io.netty.util.internal.PlatformDependent.usedDirectMemory());
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void line(StringBuilder b, String name, long v) {
        b.append(name).append(':').append(v).append("\r\n");
    }
}
