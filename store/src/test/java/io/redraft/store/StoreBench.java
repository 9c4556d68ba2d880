package io.redraft.store;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Rough in-process figures (throughput and heap per key). Off by default:
 * {@code -Dredraft.bench=true}. Not a JMH benchmark; numbers are indicative.
 */
class StoreBench {
    @Test
    void setGetThroughputAndHeapPerKey() {
        assumeTrue(Boolean.getBoolean("redraft.bench"));
        int n = Integer.getInteger("redraft.bench.keys", 1_000_000);
        for (int round = 0; round < 3; round++) {
            run(n);
        }
    }

    private void run(int n) {
        Store store = new Store();
        ByteArrayOutput out = new ByteArrayOutput(1 << 16);
        RespWriter w = new RespWriter(out, 2);
        byte[] set = "SET".getBytes(StandardCharsets.US_ASCII);
        byte[] get = "GET".getBytes(StandardCharsets.US_ASCII);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heap0 = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            out.reset();
            store.execute(List.of(set, ("key:" + i).getBytes(StandardCharsets.US_ASCII),
                    ("value:" + i).getBytes(StandardCharsets.US_ASCII)), new ExecContext(1, i, 2), w);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            out.reset();
            store.execute(List.of(get, ("key:" + i).getBytes(StandardCharsets.US_ASCII)), new ExecContext(1, i, 2), w);
        }
        long t2 = System.nanoTime();
        System.gc();
        long heap1 = rt.totalMemory() - rt.freeMemory();
        java.lang.ref.Reference.reachabilityFence(store); // keep it alive through the measurement
        System.out.printf("SET %.0f ops/s, GET %.0f ops/s, heap %.1f bytes/key (key ~10 B, value ~12 B)%n",
                n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), (heap1 - heap0) / (double) n);
    }
}
