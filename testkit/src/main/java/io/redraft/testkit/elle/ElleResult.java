package io.redraft.testkit.elle;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verdict of {@link ListAppendChecker}: valid when {@link #anomalies()} is empty.
 *
 * @param transactions how many transactions the history held
 * @param anomalies    everything found, one entry per distinct problem
 */
public record ElleResult(int transactions, List<Anomaly> anomalies) {
    public ElleResult {
        anomalies = List.copyOf(anomalies);
    }

    public boolean valid() {
        return anomalies.isEmpty();
    }

    /** anomaly type -> how many of that type. */
    public Map<String, Integer> countsByType() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Anomaly a : anomalies) counts.merge(a.type(), 1, Integer::sum);
        return counts;
    }

    public boolean has(String type) {
        return anomalies.stream().anyMatch(a -> a.type().equals(type));
    }

    @Override
    public String toString() {
        if (valid()) return "valid (" + transactions + " transactions)";
        StringBuilder sb = new StringBuilder("INVALID (" + transactions + " transactions): " + countsByType());
        for (Anomaly a : anomalies) sb.append("\n  ").append(a);
        return sb.toString();
    }
}
