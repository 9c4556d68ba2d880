package io.redraft.testkit.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthesizes a valid list-append history of the shape {@code bin/redraft-faults} records: five
 * clients, transactions of 1-4 micro-ops, half appends and half reads, on five hot keys each
 * retired after 200 appends (as {@code ListAppendWorkload}), a few failed and indeterminate
 * transactions. Transactions take effect one at a time at increasing points in time, each
 * inside its [invoked, completed] interval, so the history is strictly serializable. Reads share
 * their key's array, as the workload's {@code SharedReads} does with real replies.
 *
 * <p>A ten-minute mixed run recorded about 390,000 transactions and 970,000 micro-ops, so
 * {@link #PER_MINUTE} is 35,000 transactions: 30 minutes is about a million transactions,
 * 2.6 million micro-ops and 6,500 keys.
 */
final class HistoryGenerator {
    static final int PER_MINUTE = 35_000;
    static final int CLIENTS = 5;
    static final int HOT_KEYS = 5;
    static final int APPENDS_PER_KEY = 200;

    private static final class Key {
        final String name;
        long[] values = new long[16];
        int size;
        int appends;

        Key(String name) {
            this.name = name;
        }

        void append(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2); // old views keep the old array
            values[size++] = v;
            appends++;
        }
    }

    private final SplittableRandom rnd;
    private final Key[] hot = new Key[HOT_KEYS];
    private int keys;
    private long nextValue = 1;
    long microOps;

    HistoryGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
        for (int i = 0; i < HOT_KEYS; i++) hot[i] = new Key("la" + keys++);
    }

    int keys() {
        return keys;
    }

    /** {@code count} transactions; the k-th takes effect at time 10k. */
    List<Txn> generate(int count) {
        List<Txn> history = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long point = 10L * k;
            long invoked = point - rnd.nextInt(20);
            long completed = point + rnd.nextInt(20); // a client's next one is invoked after 10k + 30
            int roll = rnd.nextInt(1000);
            Txn.Outcome outcome = roll == 0 ? Txn.Outcome.FAIL : roll == 1 ? Txn.Outcome.INFO : Txn.Outcome.OK;
            boolean happens = outcome == Txn.Outcome.OK || (outcome == Txn.Outcome.INFO && rnd.nextBoolean());
            int n = 1 + rnd.nextInt(4);
            List<MicroOp> ops = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int slot = rnd.nextInt(HOT_KEYS);
                Key key = hot[slot];
                if (rnd.nextBoolean()) {
                    long v = nextValue++;
                    ops.add(MicroOp.append(key.name, v));
                    if (happens) key.append(v);
                    if (key.appends >= APPENDS_PER_KEY) hot[slot] = new Key("la" + keys++);
                } else {
                    ops.add(outcome == Txn.Outcome.OK ? MicroOp.read(key.name, Values.wrap(key.values, key.size))
                            : MicroOp.read(key.name));
                }
            }
            microOps += n;
            history.add(new Txn(k, k % CLIENTS, ops, outcome, invoked, completed));
        }
        return history;
    }
}
