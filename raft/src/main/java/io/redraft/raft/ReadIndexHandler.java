package io.redraft.raft;

import io.redraft.raft.quorum.MajorityQuorum;
import java.util.List;

/**
 * Linearizable reads without log writes: ReadIndex, thesis §6.4. (1) Until the leader has
 * committed an entry of its term its commit index may be stale, so reads wait for that; (2) each
 * read records the commit index; (3) a majority must acknowledge a heartbeat round sent after the
 * read arrived, proving the leader was not deposed meanwhile; (4) the application serves the read
 * once it has applied the recorded index. Rounds are numbered by {@code msgId} and shared by every
 * read that arrived since the previous Ready.
 */
final class ReadIndexHandler {
    private final Raft r;
    private final ReadOnlyQueue queue = new ReadOnlyQueue();
    /** Reads are waiting for a round that has not been sent yet. */
    boolean roundNeeded;

    ReadIndexHandler(Raft raft) {
        this.r = raft;
    }

    void request(long requestId) {
        if (r.removed) throw new RaftException(RaftError.SHUTDOWN);
        if (r.role != Role.LEADER) throw new RaftException(RaftError.NOT_LEADER, r.leaderId);
        if (!r.committedInCurrentTerm()) {
            queue.awaitCommit(requestId); // step 1
            return;
        }
        register(requestId);
    }

    private void register(long requestId) {
        List<Integer> voters = r.voters();
        if (voters.size() == 1 && voters.get(0) == r.id) {
            r.readConfirmed(new ReadState(requestId, r.log.committed)); // a lone voter is its own majority
            return;
        }
        queue.add(requestId, r.log.committed, r.msgId + 1); // steps 2-3: wait for the next round
        roundNeeded = true;
    }

    /** The commit index moved: reads waiting for the leader's first commit in its term may proceed. */
    void onCommit() {
        if (r.role == Role.LEADER && queue.hasAwaitingCommit() && r.committedInCurrentTerm()) {
            for (long requestId : queue.drainAwaitingCommit()) register(requestId);
        }
    }

    /** A follower acknowledged round {@code ackedMsgId} in our term: release reads a majority confirmed. */
    void onAck(Progress pr, long ackedMsgId) {
        if (ackedMsgId <= pr.ackedMsgId) return;
        pr.ackedMsgId = ackedMsgId;
        long quorum = MajorityQuorum.committed(r.voters(), v -> {
            if (v == r.id) return Long.MAX_VALUE;
            Progress p = r.progress.get(v);
            return p == null ? 0 : p.ackedMsgId;
        });
        queue.release(quorum, r::readConfirmed);
    }

    /** Leadership lost: no pending read can be confirmed any more. */
    void failAll() {
        queue.failAll(r::readFailed);
        roundNeeded = false;
    }
}
