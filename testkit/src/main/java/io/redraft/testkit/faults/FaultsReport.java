package io.redraft.testkit.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a fault-injection run found.
 *
 * @param counts         the workload's operation counts
 * @param faults         fault kind -> how many were injected
 * @param notImplemented requested nemeses this harness cannot inject yet
 * @param verdict        the history checker's verdict
 * @param crashes        unexpected log lines, nodes that would not restart, faults that could not heal
 * @param wallSeconds    the run's duration, cluster start to verdict
 */
public record FaultsReport(String workload, String counts, Map<String, Integer> faults, List<String> notImplemented,
        String verdict, List<String> anomalies, List<String> crashes, List<String> events, double wallSeconds) {
    public boolean ok() {
        return anomalies.isEmpty() && crashes.isEmpty();
    }

    public String text() {
        List<String> lines = new ArrayList<>();
        lines.add("workload: " + workload);
        lines.add("operations: " + counts);
        lines.add("faults: " + faults);
        if (!notImplemented.isEmpty()) lines.add("nemeses not implemented (skipped): " + notImplemented);
        lines.add("history: " + verdict);
        anomalies.stream().limit(30).forEach(a -> lines.add("  anomaly " + a));
        if (anomalies.size() > 30) lines.add("  ... " + (anomalies.size() - 30) + " more anomalies");
        lines.add("crash checker: " + (crashes.isEmpty() ? "clean" : crashes.size() + " problems"));
        crashes.stream().limit(30).forEach(c -> lines.add("  " + c));
        if (crashes.size() > 30) lines.add("  ... " + (crashes.size() - 30) + " more");
        lines.add(String.format("wall time: %.1f s", wallSeconds));
        lines.add("result: " + (ok() ? "OK" : "FAILED"));
        return String.join("\n", lines);
    }
}
