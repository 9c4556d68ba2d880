package io.redraft.testkit.elle;

import java.util.List;

/**
 * Something the history shows that a strictly serializable list store could not have done.
 *
 * @param type        G0, G1c, G-single, G2 (with "-realtime" when a real-time edge closes the
 *                    cycle), lost-append, stale-read, duplicate, aborted-read, G1b, garbage-read,
 *                    internal, incompatible-order
 * @param txns        the transactions involved, in the order the explanation names them
 * @param explanation for a human: which transactions, which keys, which values
 */
public record Anomaly(String type, List<Integer> txns, String explanation) {
    public Anomaly {
        txns = List.copyOf(txns);
    }

    @Override
    public String toString() {
        return type + ": " + explanation;
    }
}
