package io.redraft.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Pending ReadIndex requests on a leader (thesis §6.4). Each read remembers the commit index when
 * it arrived and the heartbeat round ({@code msgId}, as RedisRaft's msg_id) whose majority
 * acknowledgement proves the leader was still leader afterwards; every read waiting for the same
 * round is confirmed by it, so many reads cost one round of heartbeats.
 */
final class ReadOnlyQueue {
    private record Pending(long requestId, long index, long msgId) {}

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Reads that arrived before the leader committed an entry of its term (§6.4 step 1). */
    private final ArrayList<Long> awaitingCommit = new ArrayList<>();

    void add(long requestId, long index, long msgId) {
        pending.addLast(new Pending(requestId, index, msgId));
    }

    void awaitCommit(long requestId) {
        awaitingCommit.add(requestId);
    }

    /** Reads that were waiting for the leader's first commit in its term; the caller registers them. */
    List<Long> drainAwaitingCommit() {
        List<Long> out = new ArrayList<>(awaitingCommit);
        awaitingCommit.clear();
        return out;
    }

    boolean hasAwaitingCommit() {
        return !awaitingCommit.isEmpty();
    }

    /** Confirms, in arrival order, every read whose round a majority acknowledged. */
    void release(long quorumAckedMsgId, Consumer<ReadState> out) {
        while (!pending.isEmpty() && pending.peekFirst().msgId() <= quorumAckedMsgId) {
            Pending p = pending.pollFirst();
            out.accept(new ReadState(p.requestId(), p.index()));
        }
    }

    /** Leadership lost: every pending read fails. */
    void failAll(LongConsumer out) {
        for (Pending p : pending) out.accept(p.requestId());
        for (long id : awaitingCommit) out.accept(id);
        pending.clear();
        awaitingCommit.clear();
    }

    int size() {
        return pending.size() + awaitingCommit.size();
    }
}
