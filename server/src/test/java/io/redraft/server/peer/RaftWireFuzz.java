package io.redraft.server.peer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.Entry;
import io.redraft.raft.InstallSnapshotRequest;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.VoteRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the RAFT.AE, RAFT.REQUESTVOTE and RAFT.SNAPSHOT decoders (what a peer,
 * or anyone on the client port, sends) and of the decoder of a peer's reply: any arguments give a
 * message or {@link RaftWire.BadRequest} with the error reply, never another exception; a message
 * that decodes encodes back to arguments that decode to the same message. Corpus:
 * {@code RaftWireFuzzInputs}.
 */
class RaftWireFuzz {
    private static final String[] NAMES = {"RAFT.AE", "RAFT.REQUESTVOTE", "RAFT.SNAPSHOT"};

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 3);
        int self = data.consumeInt(1, 3);
        if (kind == 3) {
            reply(data);
            return;
        }
        int argc = data.consumeInt(0, 11);
        byte[][] argv = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            argv[i] = i == 0 ? NAMES[kind].getBytes() : data.consumeBytes(data.consumeInt(0, 48));
        }
        RaftMessage m;
        try {
            m = switch (kind) {
                case 0 -> RaftWire.parseAppendEntries(argv, self);
                case 1 -> RaftWire.parseVote(argv, self);
                default -> RaftWire.parseSnapshot(argv, self);
            };
        } catch (RaftWire.BadRequest e) {
            if (e.getMessage().isEmpty() || e.getMessage().contains("\n")) throw new AssertionError("bad error reply: " + e.getMessage());
            return;
        }
        RaftWire.sourceId(argv);
        RaftMessage again;
        try {
            byte[][] encoded = RaftWire.encode(m);
            again = switch (kind) {
                case 0 -> RaftWire.parseAppendEntries(encoded, self);
                case 1 -> RaftWire.parseVote(encoded, self);
                default -> RaftWire.parseSnapshot(encoded, self);
            };
        } catch (RaftWire.BadRequest e) {
            throw new AssertionError("a decoded " + NAMES[kind] + " does not decode once encoded: " + e.getMessage());
        }
        if (!same(m, again)) throw new AssertionError(NAMES[kind] + " changed through encode/decode: " + m + " vs " + again);
    }

    /** A peer's reply to one of our requests: an array of integers, or anything else. */
    private static void reply(FuzzedDataProvider data) {
        RaftMessage request = switch (data.consumeInt(0, 2)) {
            case 0 -> new AppendEntriesRequest(1, 2, 3, 1, 5, 2, 5, 7, List.of());
            case 1 -> new VoteRequest(1, 2, 3, data.consumeBoolean(), 1, 5, 2, false);
            default -> new InstallSnapshotRequest(1, 2, 3, 1, 7, 9, 2, 0, new byte[0], true);
        };
        int n = data.consumeInt(0, 8);
        List<Object> reply = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reply.add(data.consumeBoolean() ? (Object) data.consumeLong() : data.consumeString(8));
        }
        RaftWire.parseResponse(request, data.consumeBoolean() ? reply : (Object) data.consumeString(8));
    }

    /** Messages are records, but entries carry byte arrays (identity equality). */
    private static boolean same(RaftMessage a, RaftMessage b) {
        if (a instanceof AppendEntriesRequest x && b instanceof AppendEntriesRequest y) {
            if (x.entries().size() != y.entries().size()) return false;
            for (int i = 0; i < x.entries().size(); i++) {
                Entry e = x.entries().get(i);
                Entry f = y.entries().get(i);
                if (e.index() != f.index() || e.term() != f.term() || e.type() != f.type() || !Arrays.equals(e.data(), f.data())) return false;
            }
            return x.from() == y.from() && x.term() == y.term() && x.leaderId() == y.leaderId()
                    && x.prevLogIndex() == y.prevLogIndex() && x.prevLogTerm() == y.prevLogTerm()
                    && x.leaderCommit() == y.leaderCommit() && x.msgId() == y.msgId();
        }
        if (a instanceof InstallSnapshotRequest x && b instanceof InstallSnapshotRequest y) {
            return x.from() == y.from() && x.term() == y.term() && x.leaderId() == y.leaderId() && x.msgId() == y.msgId()
                    && x.snapshotIndex() == y.snapshotIndex() && x.snapshotTerm() == y.snapshotTerm()
                    && x.offset() == y.offset() && x.lastChunk() == y.lastChunk() && Arrays.equals(x.data(), y.data());
        }
        return a.equals(b);
    }
}
