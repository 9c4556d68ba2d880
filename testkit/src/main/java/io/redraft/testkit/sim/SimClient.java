package io.redraft.testkit.sim;

import io.redraft.raft.RaftException;
import io.redraft.testkit.lin.History;
import io.redraft.testkit.lin.OpKind;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A client issuing one operation at a time, as a Redis client with a connection to one node
 * would: it sends to the node it believes is leader, follows NOT_LEADER hints, and gives up after
 * a timeout, at which point it cannot know whether its write happened (an indeterminate op).
 * Requests and replies each take a random latency; a crashed node never answers.
 */
final class SimClient {
    interface Cluster {
        Scheduler scheduler();

        /** The node with this id if it exists and is up, else null. */
        SimNode node(int id);

        /** Ids of the nodes a client may try, in a stable order. */
        List<Integer> candidates();

        long nextOpId();
    }

    private final int id;
    private final Cluster cluster;
    private final History history;
    private final SplittableRandom random;
    private final List<String> keys;
    private final long timeout;
    private int leaderHint;
    private int seq;
    private boolean stopped;
    private long completed;
    private long indeterminate;

    SimClient(int id, Cluster cluster, History history, SplittableRandom random, List<String> keys, long timeout) {
        this.id = id;
        this.cluster = cluster;
        this.history = history;
        this.random = random;
        this.keys = keys;
        this.timeout = timeout;
    }

    void start() {
        cluster.scheduler().after(random.nextLong(1, 20), this::next);
    }

    /** No new operations; the one in flight may still complete or time out. */
    void stop() {
        stopped = true;
    }

    long completed() {
        return completed;
    }

    long indeterminate() {
        return indeterminate;
    }

    private void next() {
        if (stopped) return;
        String key = keys.get(random.nextInt(keys.size()));
        double p = random.nextDouble();
        OpKind kind = p < 0.5 ? OpKind.GET : p < 0.85 ? OpKind.PUT : OpKind.APPEND;
        String value = kind == OpKind.GET ? null : kind == OpKind.PUT ? "c" + id + "." + seq : id + "." + seq + ",";
        seq++;
        History.Pending op = history.invoke(id, kind, key, value);
        Attempt attempt = new Attempt(op);
        int target = pickTarget();
        long opId = cluster.nextOpId();
        cluster.scheduler().after(latency(), () -> deliver(attempt, target, new KvCommand(opId, kind, key, value == null ? "" : value)));
        cluster.scheduler().after(timeout, () -> attempt.finish(Outcome.TIMEOUT, null, 0));
    }

    private int pickTarget() {
        List<Integer> ids = cluster.candidates();
        if (leaderHint != 0 && ids.contains(leaderHint) && random.nextDouble() < 0.9) return leaderHint;
        return ids.get(random.nextInt(ids.size()));
    }

    private long latency() {
        return random.nextLong(1, 6);
    }

    private enum Outcome { OK, REFUSED, TIMEOUT }

    /** Runs on the node: the request has arrived. */
    private void deliver(Attempt a, int target, KvCommand cmd) {
        SimNode n = cluster.node(target);
        if (n == null || a.done) return;
        try {
            if (cmd.kind() == OpKind.GET) {
                n.read(cmd.key(), v -> reply(a, Outcome.OK, v, 0), () -> reply(a, Outcome.REFUSED, null, 0));
            } else {
                n.write(cmd, v -> reply(a, Outcome.OK, null, 0));
            }
            leaderHint = target;
        } catch (RaftException e) {
            reply(a, Outcome.REFUSED, null, e.leaderId());
        }
    }

    private void reply(Attempt a, Outcome outcome, String value, int hint) {
        cluster.scheduler().after(latency(), () -> a.finish(outcome, value, hint));
    }

    private final class Attempt {
        final History.Pending op;
        boolean done;

        Attempt(History.Pending op) {
            this.op = op;
        }

        void finish(Outcome outcome, String value, int hint) {
            if (done) return;
            done = true;
            switch (outcome) {
                case OK -> {
                    op.ok(value);
                    completed++;
                }
                case REFUSED -> {
                    op.fail();
                    leaderHint = hint;
                }
                case TIMEOUT -> {
                    op.unknown();
                    indeterminate++;
                    leaderHint = 0;
                }
            }
            cluster.scheduler().after(random.nextLong(0, 10), SimClient.this::next);
        }
    }
}
