package io.redraft.testkit.sim;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An unreliable network between nodes: each message is independently dropped, delayed by a random
 * amount (which reorders messages on a link) or duplicated. Partitions cut directed links, so a
 * partition can be asymmetric; a message is lost if its link is cut when sent or when due.
 *
 * <p>Every message kind is treated alike: AppendEntries, snapshot chunks (InstallSnapshot) and
 * their replies are dropped, duplicated and reordered by the same draws. A <em>late copy</em>
 * ({@link Faults#lateRate}) is a duplicate that arrives long after the original, well past an
 * election timeout: a snapshot chunk from a transfer the follower has long finished, an
 * AppendEntries from a deposed leader's term, a vote from an old election.
 *
 * @param <M> the message type
 */
final class SimNetwork<M> {
    /**
     * Fault knobs; probabilities are per message.
     *
     * @param lateRate     probability of one more copy delivered after {@code lateMaxDelay / 4}
     *                     to {@code lateMaxDelay} ms (a message stuck in a queue somewhere)
     * @param lateMaxDelay the latest such a copy arrives
     */
    record Faults(double dropRate, double duplicateRate, long minDelay, long maxDelay, double lateRate, long lateMaxDelay) {
        static final Faults RELIABLE = new Faults(0, 0, 1, 1);

        Faults(double dropRate, double duplicateRate, long minDelay, long maxDelay) {
            this(dropRate, duplicateRate, minDelay, maxDelay, 0, 0);
        }
    }

    private final Scheduler scheduler;
    private final SplittableRandom random;
    private final Set<Long> cut = new HashSet<>();
    private Faults faults;
    private long sent;
    private long delivered;
    private long dropped;
    private long late;

    SimNetwork(Scheduler scheduler, SplittableRandom random, Faults faults) {
        this.scheduler = scheduler;
        this.random = random;
        this.faults = faults;
    }

    void faults(Faults f) {
        this.faults = f;
    }

    void send(int from, int to, M msg, Consumer<M> deliver) {
        sent++;
        if (isCut(from, to) || random.nextDouble() < faults.dropRate()) {
            dropped++;
            return;
        }
        int copies = random.nextDouble() < faults.duplicateRate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            deliverAfter(faults.minDelay() + random.nextLong(faults.maxDelay() - faults.minDelay() + 1), from, to, msg, deliver);
        }
        if (faults.lateRate() > 0 && random.nextDouble() < faults.lateRate()) {
            late++;
            long max = faults.lateMaxDelay();
            deliverAfter(max / 4 + random.nextLong(max - max / 4 + 1), from, to, msg, deliver);
        }
    }

    private void deliverAfter(long delay, int from, int to, M msg, Consumer<M> deliver) {
        scheduler.after(delay, () -> {
            if (isCut(from, to)) {
                dropped++;
                return;
            }
            delivered++;
            deliver.accept(msg);
        });
    }

    /** Cuts messages from {@code from} to {@code to} only (an asymmetric partition). */
    void cut(int from, int to) {
        cut.add(link(from, to));
    }

    /** Cuts both directions between {@code a} and {@code b}. */
    void cutBoth(int a, int b) {
        cut(a, b);
        cut(b, a);
    }

    void heal() {
        cut.clear();
    }

    boolean isCut(int from, int to) {
        return cut.contains(link(from, to));
    }

    boolean anyCut() {
        return !cut.isEmpty();
    }

    String stats() {
        return "sent=" + sent + " delivered=" + delivered + " dropped=" + dropped + " late=" + late;
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
