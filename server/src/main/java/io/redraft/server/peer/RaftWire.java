package io.redraft.server.peer;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.AppendEntriesResponse;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.InstallSnapshotRequest;
import io.redraft.raft.InstallSnapshotResponse;
import io.redraft.raft.RaftMessage;
import io.redraft.raft.TimeoutNow;
import io.redraft.raft.VoteRequest;
import io.redraft.raft.VoteResponse;
import io.redraft.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RedisRaft's internode commands (reference §1.3) to and from the core's messages. Requests
 * travel as ordinary RESP commands on the client port; each is answered in-band:
 * <ul>
 *   <li>{@code RAFT.AE target src leader:term:prev_idx:prev_term:commit:msg_id n [term:index:session:type data]...}
 *       → {@code *6 :term :success :current_idx :msg_id :conflict_term :conflict_index} (RedisRaft's
 *       {@code *4} plus our fast-backtracking hint)</li>
 *   <li>{@code RAFT.REQUESTVOTE target src prevote:term:candidate:last_idx:last_term}
 *       → {@code *4 :prevote :request_term :term :granted}</li>
 *   <li>{@code RAFT.SNAPSHOT target src term:leader:msg_id:snap_idx:snap_term:offset:last <bytes>}
 *       → {@code *6 :msg_id :snap_idx :term :offset :success :last_chunk}</li>
 *   <li>{@code RAFT.TIMEOUT_NOW [target src term]} → {@code +OK}</li>
 * </ul>
 */
public final class RaftWire {
    private RaftWire() {}

    /** A request that could not be parsed; {@link #getMessage()} is the exact error reply. */
    public static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String reply) {
            super(reply, null, false, false);
        }
    }

    // ---- requests: to the wire ----

    static byte[][] encode(RaftMessage m) {
        return switch (m) {
            case AppendEntriesRequest ae -> {
                byte[][] argv = new byte[5 + 2 * ae.entries().size()][];
                argv[0] = b("RAFT.AE");
                argv[1] = b(Integer.toString(ae.to()));
                argv[2] = b(Integer.toString(ae.from()));
                argv[3] = b(ae.leaderId() + ":" + ae.term() + ":" + ae.prevLogIndex() + ":" + ae.prevLogTerm() + ":"
                        + ae.leaderCommit() + ":" + ae.msgId());
                argv[4] = b(Integer.toString(ae.entries().size()));
                int i = 5;
                for (Entry e : ae.entries()) {
                    argv[i++] = b(e.term() + ":" + e.index() + ":0:" + e.type().code());
                    argv[i++] = e.data();
                }
                yield argv;
            }
            case VoteRequest v -> new byte[][] {b("RAFT.REQUESTVOTE"), b(Integer.toString(v.to())), b(Integer.toString(v.from())),
                    b((v.preVote() ? 1 : 0) + ":" + v.term() + ":" + v.candidateId() + ":" + v.lastLogIndex() + ":" + v.lastLogTerm()
                            + (v.transfer() ? ":1" : ""))};
            case InstallSnapshotRequest s -> new byte[][] {b("RAFT.SNAPSHOT"), b(Integer.toString(s.to())),
                    b(Integer.toString(s.from())), b(s.term() + ":" + s.leaderId() + ":" + s.msgId() + ":" + s.snapshotIndex() + ":"
                    + s.snapshotTerm() + ":" + s.offset() + ":" + (s.lastChunk() ? 1 : 0)), s.data()};
            case TimeoutNow t -> new byte[][] {b("RAFT.TIMEOUT_NOW"), b(Integer.toString(t.to())), b(Integer.toString(t.from())),
                    b(Long.toString(t.term()))};
            default -> throw new IllegalArgumentException("not a request: " + m);
        };
    }

    // ---- requests: from the wire ----

    public static AppendEntriesRequest parseAppendEntries(byte[][] argv, int self) throws BadRequest {
        if (argv.length < 5) throw new BadRequest("ERR wrong number of arguments for 'raft.ae' command");
        int target = id(argv[1], "invalid or incorrect target node id");
        if (target != self) throw new BadRequest("invalid or incorrect target node id");
        int src = id(argv[2], "invalid source node id");
        long[] h = longs(argv[3], 6, "invalid message");
        if (h[0] < 0 || h[0] > Integer.MAX_VALUE) throw new BadRequest("invalid message"); // the leader id
        long n = longs(argv[4], 1, "invalid n_entries value")[0];
        if (n < 0 || n > (argv.length - 5) / 2 + 1) throw new BadRequest("invalid n_entries value");
        if (argv.length != 5 + 2 * n) throw new BadRequest("ERR wrong number of arguments for 'raft.ae' command");
        List<Entry> entries = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            long[] e = longs(argv[5 + 2 * i], 4, "invalid entry");
            long index = h[2] + 1 + i;
            try {
                if (e[3] < 0 || e[3] > Integer.MAX_VALUE) throw new IllegalArgumentException("entry type");
                entries.add(new Entry(index, e[0], EntryType.fromCode((int) e[3]), argv[6 + 2 * i]));
            } catch (IllegalArgumentException bad) {
                throw new BadRequest("invalid entry");
            }
        }
        return new AppendEntriesRequest(src, self, h[1], (int) h[0], h[2], h[3], h[4], h[5], entries);
    }

    /** The source node id of a peer's request ({@code RAFT.<rpc> <target> <src> ...}), or 0 if it is not one. */
    public static int sourceId(byte[][] argv) {
        try {
            return argv.length < 3 ? 0 : id(argv[2], "");
        } catch (BadRequest e) {
            return 0;
        }
    }

    public static VoteRequest parseVote(byte[][] argv, int self) throws BadRequest {
        if (argv.length != 4) throw new BadRequest("ERR wrong number of arguments for 'raft.requestvote' command");
        int target = id(argv[1], "ERR invalid target node id");
        if (target != self) throw new BadRequest("ERR invalid target node id");
        int src = id(argv[2], "ERR invalid source node id");
        // The sixth field, a leadership transfer's election, is left out when 0 (the original form).
        int fields = 1;
        for (byte c : argv[3]) if (c == ':') fields++;
        long[] v = longs(argv[3], fields == 6 ? 6 : 5, "ERR invalid message");
        if (v[2] < 0 || v[2] > Integer.MAX_VALUE) throw new BadRequest("ERR invalid message"); // the candidate id
        return new VoteRequest(src, self, v[1], v[0] != 0, (int) v[2], v[3], v[4], fields == 6 && v[5] != 0);
    }

    public static InstallSnapshotRequest parseSnapshot(byte[][] argv, int self) throws BadRequest {
        if (argv.length != 5) throw new BadRequest("ERR wrong number of arguments for 'raft.snapshot' command");
        int target = id(argv[1], "ERR invalid or incorrect target node id");
        if (target != self) throw new BadRequest("ERR invalid or incorrect target node id");
        int src = id(argv[2], "invalid source node id");
        long[] s = longs(argv[3], 7, "invalid message");
        if (s[1] < 0 || s[1] > Integer.MAX_VALUE) throw new BadRequest("invalid message"); // the leader id
        return new InstallSnapshotRequest(src, self, s[0], (int) s[1], s[2], s[3], s[4], s[5], argv[4], s[6] != 0);
    }

    // ---- responses ----

    static void writeResponse(RaftMessage m, ReplySink out) {
        switch (m) {
            case AppendEntriesResponse r -> {
                out.arrayHeader(6);
                out.integer(r.term());
                out.integer(r.success() ? 1 : 0);
                out.integer(r.currentIndex());
                out.integer(r.msgId());
                out.integer(r.conflictTerm());
                out.integer(r.conflictIndex());
            }
            case VoteResponse r -> {
                out.arrayHeader(4);
                out.integer(r.preVote() ? 1 : 0);
                out.integer(r.requestTerm());
                out.integer(r.term());
                out.integer(r.granted() ? 1 : 0);
            }
            case InstallSnapshotResponse r -> {
                out.arrayHeader(6);
                out.integer(r.msgId());
                out.integer(r.snapshotIndex());
                out.integer(r.term());
                out.integer(r.offset());
                out.integer(r.success() ? 1 : 0);
                out.integer(r.lastChunk() ? 1 : 0);
            }
            default -> throw new IllegalArgumentException("not a response: " + m);
        }
    }

    /**
     * The core's response message for the reply a peer sent to {@code request}, or null when the
     * reply is an error or malformed (the peer could not process it; Raft retries by itself).
     */
    static RaftMessage parseResponse(RaftMessage request, Object reply) {
        if (!(reply instanceof List<?> list)) return null;
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(list.get(i) instanceof Long l)) return null;
            v[i] = l;
        }
        int from = request.to();
        int to = request.from();
        return switch (request) {
            case AppendEntriesRequest ae when v.length == 6 || v.length == 4 ->
                    new AppendEntriesResponse(from, to, v[0], v[1] != 0, v[2], v[3], v.length == 6 ? v[4] : 0,
                            v.length == 6 ? v[5] : 0);
            case VoteRequest vr when v.length == 4 -> new VoteResponse(from, to, v[2], v[0] != 0, v[1], v[3] != 0);
            case InstallSnapshotRequest s when v.length == 6 ->
                    new InstallSnapshotResponse(from, to, v[2], v[0], v[1], v[3], v[4] != 0, v[5] != 0);
            default -> null;
        };
    }

    private static int id(byte[] b, String error) throws BadRequest {
        try {
            long v = Long.parseLong(new String(b, StandardCharsets.US_ASCII));
            if (v <= 0 || v > Integer.MAX_VALUE) throw new BadRequest(error);
            return (int) v;
        } catch (NumberFormatException e) {
            throw new BadRequest(error);
        }
    }

    /**
     * The {@code n} colon-separated decimal numbers of a request header, with Java's
     * {@code Long.parseLong} rules (optional sign, at least one digit, no overflow). Parsed from
     * the bytes: every AppendEntries and heartbeat carries one or more such headers, and going
     * through a String and {@code split} was a visible part of a follower's CPU.
     */
    static long[] longs(byte[] b, int n, String error) throws BadRequest {
        long[] out = new long[n];
        int field = 0;
        int i = 0;
        while (true) {
            if (field == n) throw new BadRequest(error);
            boolean negative = false;
            if (i < b.length && (b[i] == '-' || b[i] == '+')) negative = b[i++] == '-';
            if (i == b.length || b[i] == ':') throw new BadRequest(error);
            long v = 0; // accumulated negatively, so that Long.MIN_VALUE fits
            for (; i < b.length && b[i] != ':'; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) throw new BadRequest(error);
                v = v * 10 - d;
            }
            if (!negative && v == Long.MIN_VALUE) throw new BadRequest(error);
            out[field++] = negative ? v : -v;
            if (i == b.length) break;
            i++; // the colon; a field must follow it
        }
        if (field != n) throw new BadRequest(error);
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
