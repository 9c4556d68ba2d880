package io.redraft.server.ops;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.AppendEntriesResponse;
import io.redraft.raft.RaftMessage;
import io.redraft.server.peer.PeerLinks;
import java.util.HashMap;
import java.util.Map;

/**
 * A leader's heartbeat round trips, per follower: from sending an AppendEntries without entries to
 * the first answer of its round ({@code msgId}, echoed by the follower). One heartbeat per follower
 * is timed at a time, the latest round's: an answer to an older round, or none (a follower down),
 * leaves nothing behind. Node thread only.
 */
public final class HeartbeatRtt implements PeerLinks.Traffic {
    private final Metrics metrics;
    /** Follower id to the round and send time of its heartbeat in flight. */
    private final Map<Integer, long[]> inFlight = new HashMap<>();

    HeartbeatRtt(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void sent(RaftMessage m) {
        if (!(m instanceof AppendEntriesRequest q) || !q.entries().isEmpty()) return;
        long[] cur = inFlight.get(q.to());
        if (cur != null && cur[0] == q.msgId()) return; // the round is timed from its first heartbeat
        inFlight.put(q.to(), new long[] {q.msgId(), System.nanoTime()});
    }

    @Override
    public void received(RaftMessage m) {
        if (!(m instanceof AppendEntriesResponse r)) return;
        long[] cur = inFlight.get(r.from());
        if (cur == null || cur[0] != r.msgId()) return;
        inFlight.remove(r.from());
        metrics.heartbeatAnswered(r.from(), System.nanoTime() - cur[1]);
    }
}
