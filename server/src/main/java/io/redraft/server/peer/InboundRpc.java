package io.redraft.server.peer;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.AppendEntriesResponse;
import io.redraft.raft.InstallSnapshotRequest;
import io.redraft.raft.InstallSnapshotResponse;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.VoteRequest;
import io.redraft.raft.VoteResponse;
import io.redraft.server.node.ClientSession;
import io.redraft.server.node.NodeThread;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Replies to Raft requests that peers sent us over their connections. RedisRaft answers each
 * {@code RAFT.AE} / {@code RAFT.REQUESTVOTE} / {@code RAFT.SNAPSHOT} in-band, but the core emits
 * the response later (an AppendEntries reply only once the entries are durable) and not always in
 * request order (a pre-vote reply needs no fsync). Each request therefore takes a slot in its
 * connection's reply order; the core's response fills the first open slot it answers, and filled
 * slots at the head of a connection are written out, so replies keep request order per connection.
 */
public final class InboundRpc {
    private static final class Slot {
        final ClientSession session;
        final RaftMessage request;
        RaftMessage response;

        Slot(ClientSession session, RaftMessage request) {
            this.session = session;
            this.request = request;
        }
    }

    private final NodeThread node;
    private final Map<ClientSession, ArrayDeque<Slot>> bySession = new HashMap<>();
    private final Map<Integer, List<Slot>> byPeer = new HashMap<>();

    public InboundRpc(NodeThread node) {
        this.node = node;
    }

    /** A request from {@code s} was handed to the core; its reply waits for the core's response. */
    public void expect(ClientSession s, RaftMessage request) {
        Slot slot = new Slot(s, request);
        bySession.computeIfAbsent(s, k -> new ArrayDeque<>()).add(slot);
        byPeer.computeIfAbsent(request.from(), k -> new ArrayList<>()).add(slot);
    }

    /** Routes a response of the core to the connection whose request it answers; false if none waits. */
    boolean respond(RaftMessage response) {
        List<Slot> slots = byPeer.get(response.to());
        if (slots == null) return false;
        for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
            Slot slot = it.next();
            if (slot.response == null && answers(slot.request, response)) {
                slot.response = response;
                it.remove();
                flush(slot.session);
                return true;
            }
        }
        return false;
    }

    private void flush(ClientSession s) {
        ArrayDeque<Slot> q = bySession.get(s);
        while (q != null && !q.isEmpty() && q.peek().response != null) {
            RaftWire.writeResponse(q.poll().response, node.sink(s));
        }
        if (q != null && q.isEmpty()) bySession.remove(s);
    }

    /** The connection closed: its open slots will never be answered. */
    public void forget(ClientSession s) {
        ArrayDeque<Slot> q = bySession.remove(s);
        if (q == null) return;
        for (Slot slot : q) {
            List<Slot> peer = byPeer.get(slot.request.from());
            if (peer != null) peer.remove(slot);
        }
    }

    private static boolean answers(RaftMessage request, RaftMessage response) {
        return switch (response) {
            case AppendEntriesResponse r -> request instanceof AppendEntriesRequest q && q.msgId() == r.msgId();
            case VoteResponse r -> request instanceof VoteRequest q && q.preVote() == r.preVote() && q.term() == r.requestTerm();
            case InstallSnapshotResponse r -> request instanceof InstallSnapshotRequest q && q.msgId() == r.msgId();
            default -> false;
        };
    }

    static boolean isResponse(RaftMessage m) {
        return m instanceof AppendEntriesResponse || m instanceof VoteResponse || m instanceof InstallSnapshotResponse;
    }
}
