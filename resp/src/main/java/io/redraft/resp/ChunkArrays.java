package io.redraft.resp;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arrays for the bytes of a peer's snapshot chunks ({@code RAFT.SNAPSHOT}), handed back once the
 * chunk is in the file. A follower receiving a 1 GB snapshot otherwise allocated 1 GB of 64 KB
 * arrays that lived a few microseconds each: on a fresh node, whose heap is still being committed
 * and faulted in, that allocation was most of its node thread's time (#24).
 *
 * <p>Decoders take on their event loops, the node thread gives back: thread-safe. Only arrays of
 * the length asked for are reused; at most {@link #MAX_KEPT} are kept (the window of chunks in
 * flight, {@code snapshot-req-max-count}, is 32 by default).
 */
public final class ChunkArrays {
    static final int MAX_KEPT = 64;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();

    /** An array of exactly {@code length} bytes, recycled when one is free. */
    public byte[] take(int length) {
        byte[] a = free.poll();
        if (a == null) return new byte[length];
        kept.decrementAndGet();
        return a.length == length ? a : new byte[length];
    }

    /** {@code a} is no longer read or written by anyone: it may be handed out again. */
    public void give(byte[] a) {
        if (kept.incrementAndGet() > MAX_KEPT) {
            kept.decrementAndGet();
            return;
        }
        free.offer(a);
    }
}
