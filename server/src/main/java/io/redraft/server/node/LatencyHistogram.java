package io.redraft.server.node;

import java.util.Locale;

/**
 * Per-command latencies in microseconds, with the resolution Redis's hdr_histogram gives INFO
 * latencystats (two significant figures): a value falls in a power-of-two range split into 128
 * linear steps, and a percentile answers the highest value of its step, as hdr does.
 */
final class LatencyHistogram {
    private static final int SUB = 128;
    private static final int RANGES = 40;
    private final long[] counts = new long[RANGES * SUB];
    private long total;

    void record(long micros) {
        long v = Math.max(1, micros);
        int range = Math.max(0, 63 - Long.numberOfLeadingZeros(v) - 6);
        int step = (int) (v >>> range) - (range == 0 ? 0 : 64);
        int idx = Math.min(counts.length - 1, range * SUB + Math.min(SUB - 1, step));
        counts[idx]++;
        total++;
    }

    long count() {
        return total;
    }

    /** The value at {@code p} percent (hdr's value_at_percentile: the highest equivalent value). */
    double percentile(double p) {
        if (total == 0) return 0;
        long want = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= want) return upper(i);
        }
        return upper(counts.length - 1);
    }

    private static double upper(int idx) {
        int range = idx / SUB;
        int step = idx % SUB;
        long low = range == 0 ? step : (long) (step + 64) << range;
        long width = 1L << range;
        return low + width - 1 + (range == 0 ? 0.0 : 0.0);
    }

    /** LATENCY HISTOGRAM's buckets: cumulative counts at each power of two, as Redis replies them. */
    long[][] powerOfTwoBuckets() {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        long cumulative = 0;
        int idx = 0;
        for (int b = 0; b < 63 && cumulative < total; b++) {
            long limit = 1L << b;
            long before = cumulative;
            while (idx < counts.length && upper(idx) < limit) cumulative += counts[idx++];
            if (cumulative > before) out.add(new long[] {limit, cumulative});
        }
        return out.toArray(new long[0][]);
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
