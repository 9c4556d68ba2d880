package io.redraft.testkit.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** Client load plus the checker that judges the history it records. */
interface Workload {
    /** Runs one client's loop until {@code running} turns false. */
    void runClient(int process, ClusterClient client, BooleanSupplier running);

    /** After the faults are healed: reads everything once more so lost writes show up. */
    void finalReads(ClusterClient client);

    /** Checks the recorded history. */
    Verdict check();

    /** ok / fail / info counts, e.g. "ok=120 fail=3 info=7". */
    String counts();

    void writeHistory(Path file) throws IOException;

    /** @param problems one line per anomaly found, empty when the history is valid */
    record Verdict(String summary, java.util.List<String> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }
}
