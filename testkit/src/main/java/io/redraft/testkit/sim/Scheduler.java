package io.redraft.testkit.sim;

import java.util.PriorityQueue;

/**
 * Discrete-event scheduler over virtual time (milliseconds). Events at the same instant run in the
 * order they were scheduled, so a run depends only on the seed, never on hashing or threads.
 */
final class Scheduler {
    private record Event(long at, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;
    private long executed;

    long now() {
        return now;
    }

    long executed() {
        return executed;
    }

    void at(long time, Runnable action) {
        if (time < now) throw new IllegalArgumentException("event in the past: " + time + " < " + now);
        queue.add(new Event(time, seq++, action));
    }

    void after(long delay, Runnable action) {
        at(now + delay, action);
    }

    /** Runs the next event if it is due by {@code until}; false when there is none. */
    boolean step(long until) {
        if (queue.isEmpty() || queue.peek().at > until) {
            now = Math.max(now, until);
            return false;
        }
        Event e = queue.poll();
        now = e.at;
        e.action.run();
        executed++;
        return true;
    }

    /**
     * Runs events up to and including {@code until}, calling {@code afterEach} after every event
     * (that is where the simulation checks its invariants).
     */
    void runUntil(long until, Runnable afterEach) {
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Event e = queue.poll();
            now = e.at;
            e.action.run();
            executed++;
            afterEach.run();
        }
        now = Math.max(now, until);
    }
}
