package io.redraft.server.blocking;

import io.redraft.server.node.ClientSession;
import io.redraft.store.Bytes;
import java.util.List;

/** One client blocked on keys, on the node it is connected to. Node thread only. */
final class Waiter implements Comparable<Waiter> {
    /**
     * WAITING: nothing of it is in the log, it waits for a key to become ready. SERVING: a pop
     * for it is proposed and not yet applied (or known lost); whatever ends the wait meanwhile
     * (timeout, CLIENT UNBLOCK, the node losing leadership, the client leaving) is only noted
     * in {@link #ending} and takes effect when the pop's outcome is known, so that a popped
     * element is always delivered and a wait never answered twice.
     */
    enum State { WAITING, SERVING }

    /** Why a wait ends without an element, noted while a pop is in flight. */
    enum Ending { TIMEOUT, ERROR, UNBLOCKED }

    final ClientSession session;
    /** The command as sent; for a stream read, {@code $} becomes the last id once it waits. */
    byte[][] argv;
    final BlockingKind kind;
    final List<Bytes> keys;
    /** System.nanoTime() at which it times out; Long.MAX_VALUE: never. */
    final long deadlineNanos;
    /** Arrival order: the tie-break of equal deadlines. */
    final long seq;
    State state = State.SERVING;
    /** The command of the pop in flight (or last proposed). */
    byte[][] served;
    Ending ending;

    Waiter(ClientSession session, byte[][] argv, BlockingKind kind, List<Bytes> keys, long deadlineNanos, long seq) {
        this.session = session;
        this.argv = argv;
        this.kind = kind;
        this.keys = keys;
        this.deadlineNanos = deadlineNanos;
        this.seq = seq;
    }

    @Override
    public int compareTo(Waiter o) {
        int c = Long.compare(deadlineNanos, o.deadlineNanos);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
