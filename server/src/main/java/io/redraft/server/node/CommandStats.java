package io.redraft.server.node;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * INFO commandstats and latencystats: per command (subcommands by their {@code container|sub}
 * name, as Redis 7 counts them) the calls, the microseconds they took, the calls rejected before
 * running and those that ran and answered an error, and a latency histogram. A command's time
 * runs from its execution to its reply (for a write: through commit and apply), see
 * docs/operations.md. Node thread only; CONFIG RESETSTAT clears it.
 */
final class CommandStats {
    static final class Stat {
        long calls;
        long micros;
        long rejected;
        long failed;
        final LatencyHistogram latency = new LatencyHistogram();
    }

    /** In first-use order, as Redis's dict shows them (an order clients must not rely on). */
    private final Map<String, Stat> byCommand = new LinkedHashMap<>();

    void called(String name, long micros, boolean failed, boolean trackLatency) {
        Stat s = byCommand.computeIfAbsent(name, k -> new Stat());
        s.calls++;
        s.micros += micros;
        if (failed) s.failed++;
        if (trackLatency) s.latency.record(micros);
    }

    void rejected(String name) {
        byCommand.computeIfAbsent(name, k -> new Stat()).rejected++;
    }

    Stat get(String name) {
        return byCommand.get(name);
    }

    Map<String, Stat> all() {
        return byCommand;
    }

    void reset() {
        byCommand.clear();
    }

    InfoSection commandstats() {
        InfoSection sec = new InfoSection("Commandstats");
        byCommand.forEach((name, s) -> {
            if (s.calls == 0 && s.rejected == 0 && s.failed == 0) return;
            double per = s.calls == 0 ? 0 : (double) s.micros / s.calls;
            sec.field("cmdstat_" + name, "calls=" + s.calls + ",usec=" + s.micros + ",usec_per_call="
                    + String.format(Locale.ROOT, "%.2f", per) + ",rejected_calls=" + s.rejected + ",failed_calls=" + s.failed);
        });
        return sec;
    }

    /** Redis's default latency-tracking-info-percentiles: 50 99 99.9. */
    InfoSection latencystats() {
        InfoSection sec = new InfoSection("Latencystats");
        byCommand.forEach((name, s) -> {
            if (s.latency.count() == 0) return;
            sec.field("latency_percentiles_usec_" + name, "p50=" + LatencyHistogram.format(s.latency.percentile(50))
                    + ",p99=" + LatencyHistogram.format(s.latency.percentile(99))
                    + ",p99.9=" + LatencyHistogram.format(s.latency.percentile(99.9)));
        });
        return sec;
    }
}
