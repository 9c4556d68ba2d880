package io.redraft.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapHistogramTest {
    /** A class nothing else allocates, so its count in the dump is ours. */
    record Marker(long a, long b) {}

    @Test
    void countsTheInstancesAndArraysOfARealHeapDump(@TempDir Path dir) throws Exception {
        List<Object> live = new ArrayList<>();
        for (int i = 0; i < 5000; i++) live.add(new Marker(i, i));
        for (int i = 0; i < 3; i++) live.add(new byte[4 << 20]);
        Path dump = dir.resolve("test.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);

        List<HeapHistogram.Row> rows = HeapHistogram.of(dump);

        assertThat(rows).anySatisfy(r -> {
            assertThat(r.className()).isEqualTo(Marker.class.getName());
            assertThat(r.count()).isEqualTo(5000);
            assertThat(r.bytes()).isEqualTo(5000L * 16);
        });
        // The three 4 MB arrays put byte[] on top.
        assertThat(rows.get(0).className()).isEqualTo("byte[]");
        assertThat(rows.get(0).bytes()).isGreaterThanOrEqualTo(12L << 20);
        assertThat(HeapHistogram.format(rows, 3).lines()).hasSize(3);
        assertThat(live).hasSize(5003);
    }
}
