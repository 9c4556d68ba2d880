package io.redraft.server.net;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.redraft.server.node.NodeThread;

/**
 * Wakes the node once per I/O round of an event loop, however many requests the loop decoded in
 * it. The wake-up is queued as a task on the loop itself, and a loop runs its tasks after it has
 * read every ready channel, so 50 clients that each sent one request cost one node turn, and,
 * from a loop other than the node's ({@code io-threads} above 1), one cross-thread wake-up, not
 * 50. Queuing a task from inside a loop needs no system call.
 */
final class NodeWakeup {
    private static final FastThreadLocal<boolean[]> SCHEDULED = new FastThreadLocal<>() {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    };

    private NodeWakeup() {}

    /** Called on {@code loop}'s thread after {@link NodeThread#offer}. */
    static void schedule(EventExecutor loop, NodeThread node) {
        boolean[] scheduled = SCHEDULED.get();
        if (scheduled[0]) return;
        scheduled[0] = true;
        loop.execute(() -> {
            scheduled[0] = false;
            node.wake();
        });
    }
}
