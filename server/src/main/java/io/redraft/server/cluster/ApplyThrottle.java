package io.redraft.server.cluster;

import java.util.concurrent.TimeUnit;

/**
 * How fast committed entries reach the keyspace: RedisRaft's apply throttle and its test knobs.
 *
 * <ul>
 *   <li>Throttle: one turn of the node applies committed entries for at most half a
 *       {@code raft.request-timeout}; if more are waiting, the rest is applied after the requests
 *       and peer messages that queued meanwhile, so a long backlog (a follower catching up) never
 *       holds up heartbeats long enough to cost an election. Each such yield counts in
 *       {@code raft_exec_throttled}, as RedisRaft's apply deadline does.</li>
 *   <li>{@code raft.log-disable-apply yes}: nothing is applied (commits go on) until it is set
 *       back to {@code no}.</li>
 *   <li>{@code raft.log-delay-apply N}: each entry is applied at least N µs after the previous
 *       one. RedisRaft sleeps N µs before each entry, blocking its event loop; here the node thread
 *       goes on serving meanwhile. A delay that leaves entries waiting counts as a throttle.</li>
 * </ul>
 */
final class ApplyThrottle {
    /** Entries per Ready: how often the turn's budget is looked at (RedisRaft: before each entry). */
    private static final long CHUNK = 256;

    private final RaftRuntime rt;
    /** {@code raft_exec_throttled}. */
    private long throttled;

    long throttled() { return throttled; }
    /** Applying is paused until a scheduled resume (delay or yield). */
    private boolean waiting;
    private long deadline;
    /** DEBUG RELOAD holds applying while it swaps the keyspace for its snapshot's. */
    private boolean held;

    ApplyThrottle(RaftRuntime rt) {
        this.rt = rt;
    }

    /** At the start of a turn of the Ready loop: sets what the core may hand out now. */
    void begin() {
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, rt.config().requestTimeoutMs() / 2));
        limit();
    }

    private void limit() {
        if (rt.core() == null) return;
        long n;
        if (waiting || held || rt.config().logDisableApply()) n = 0;
        else if (rt.config().logDelayApplyMicros() > 0) n = 1;
        else n = CHUNK;
        rt.core().setApplyLimit(n);
    }

    /** Entries up to {@code lastIndex} were just applied. */
    void applied(long lastIndex) {
        if (waiting || rt.core() == null) return;
        boolean more = rt.core().commitIndex() > lastIndex;
        long delayMicros = rt.config().logDelayApplyMicros();
        if (delayMicros > 0) {
            if (more) throttled++;
            pause();
            rt.node().schedule(TimeUnit.MICROSECONDS.toNanos(delayMicros), this::resume);
        } else if (more && System.nanoTime() - deadline > 0) {
            throttled++;
            pause();
            rt.node().execute(this::resume); // behind what queued on the node thread meanwhile
        }
    }

    private void pause() {
        waiting = true;
        rt.core().setApplyLimit(0);
    }

    private void resume() {
        waiting = false;
        if (rt.core() == null) return;
        begin();
        rt.drive();
    }

    /** Holds (or releases) applying, at once; commits go on meanwhile. */
    void hold(boolean on) {
        held = on;
        reconfigured();
    }

    /** A knob changed at run time (CONFIG SET): takes effect at once. */
    void reconfigured() {
        if (rt.core() == null) return;
        begin();
        rt.drive();
    }
}
