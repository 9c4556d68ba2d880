package io.redraft.server.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redraft.raft.AppendEntriesRequest;
import io.redraft.raft.AppendEntriesResponse;
import io.redraft.raft.Entry;
import io.redraft.raft.EntryType;
import io.redraft.raft.InstallSnapshotRequest;
import io.redraft.raft.InstallSnapshotResponse;
import io.redraft.raft.VoteRequest;
import io.redraft.raft.VoteResponse;
import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.RespWriter;
import io.redraft.server.client.CommandBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftWireTest {
    private static byte[][] argv(String... s) {
        byte[][] a = new byte[s.length][];
        for (int i = 0; i < s.length; i++) a[i] = s[i].getBytes(StandardCharsets.UTF_8);
        return a;
    }

    @Test
    void appendEntriesRoundTripsThroughTheWire() throws Exception {
        AppendEntriesRequest ae = new AppendEntriesRequest(7, 9, 3, 7, 10, 2, 9, 44,
                List.of(new Entry(11, 3, EntryType.NORMAL, new byte[] {1, 2}), new Entry(12, 3, EntryType.ADD_NODE, new byte[0])));
        byte[][] wire = RaftWire.encode(ae);
        assertThat(new String(wire[0], StandardCharsets.UTF_8)).isEqualTo("RAFT.AE");
        assertThat(new String(wire[3], StandardCharsets.UTF_8)).isEqualTo("7:3:10:2:9:44");
        assertThat(new String(wire[5], StandardCharsets.UTF_8)).isEqualTo("3:11:0:0");
        assertThat(RaftWire.parseAppendEntries(wire, 9)).isEqualTo(ae);

        AppendEntriesResponse resp = new AppendEntriesResponse(9, 7, 3, false, 10, 44, 2, 8);
        ByteArrayOutput out = new ByteArrayOutput();
        RaftWire.writeResponse(resp, new RespWriter(out, 2));
        assertThat(out.toString()).isEqualTo("*6\r\n:3\r\n:0\r\n:10\r\n:44\r\n:2\r\n:8\r\n");
        assertThat(RaftWire.parseResponse(ae, List.of(3L, 0L, 10L, 44L, 2L, 8L))).isEqualTo(resp);
        // RedisRaft's own four-element reply is understood too.
        assertThat(RaftWire.parseResponse(ae, List.of(3L, 1L, 12L, 44L)))
                .isEqualTo(new AppendEntriesResponse(9, 7, 3, true, 12, 44, 0, 0));
    }

    @Test
    void votesAndSnapshotsRoundTrip() throws Exception {
        VoteRequest v = new VoteRequest(1, 2, 5, true, 1, 20, 4);
        assertThat(RaftWire.parseVote(RaftWire.encode(v), 2)).isEqualTo(v);
        VoteRequest transfer = new VoteRequest(1, 2, 6, false, 1, 20, 4, true);
        assertThat(RaftWire.parseVote(RaftWire.encode(transfer), 2)).isEqualTo(transfer);
        assertThat(RaftWire.parseResponse(v, List.of(1L, 5L, 4L, 1L))).isEqualTo(new VoteResponse(2, 1, 4, true, 5, true));
        InstallSnapshotRequest s = new InstallSnapshotRequest(1, 2, 5, 1, 8, 100, 4, 65536, new byte[] {9}, true);
        InstallSnapshotRequest back = RaftWire.parseSnapshot(RaftWire.encode(s), 2);
        assertThat(back.offset()).isEqualTo(65536);
        assertThat(back.data()).containsExactly(9);
        assertThat(back.lastChunk()).isTrue();
        assertThat(RaftWire.parseResponse(s, List.of(8L, 100L, 5L, 65537L, 1L, 1L)))
                .isEqualTo(new InstallSnapshotResponse(2, 1, 5, 8, 100, 65537, true, true));
    }

    @Test
    void malformedRequestsGetRedisRaftsErrors() {
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(argv("RAFT.AE", "3", "1", "1:1:0:0:0:1", "0"), 2))
                .hasMessage("invalid or incorrect target node id");
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(argv("RAFT.AE", "2", "x", "1:1:0:0:0:1", "0"), 2))
                .hasMessage("invalid source node id");
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(argv("RAFT.AE", "2", "1", "1:1:0", "0"), 2))
                .hasMessage("invalid message");
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(argv("RAFT.AE", "2", "1", "1:1:0:0:0:1", "z"), 2))
                .hasMessage("invalid n_entries value");
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(argv("RAFT.AE", "2", "1", "1:1:0:0:0:1", "1"), 2))
                .hasMessage("ERR wrong number of arguments for 'raft.ae' command");
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(argv("RAFT.AE", "2", "1", "1:1:0:0:0:1", "1", "1:1:0", "x"), 2))
                .hasMessage("invalid entry");
        assertThatThrownBy(() -> RaftWire.parseVote(argv("RAFT.REQUESTVOTE", "5", "1", "0:1:1:0:0"), 2))
                .hasMessage("ERR invalid target node id");
        assertThatThrownBy(() -> RaftWire.parseVote(argv("RAFT.REQUESTVOTE", "2", "1", "0:1"), 2))
                .hasMessage("ERR invalid message");
        assertThatThrownBy(() -> RaftWire.parseSnapshot(argv("RAFT.SNAPSHOT", "9", "1", "1:1:1:1:1:0:1", ""), 2))
                .hasMessage("ERR invalid or incorrect target node id");
        assertThat(RaftWire.parseResponse(new VoteRequest(1, 2, 5, false, 1, 0, 0), "ERR nope")).isNull();
    }

    /** The header parser reads bytes; it must accept and refuse exactly what split + Long.parseLong did. */
    @Test
    void headerNumbersFollowLongParseLong() {
        String[] cases = {"1:2:3", "0:-1:+7", "9223372036854775807:-9223372036854775808:0", "9223372036854775808:0:0",
                "-9223372036854775809:0:0", "1:2", "1:2:3:4", "1::3", ":1:2", "1:2:", "1:2:3:", "-:1:2", "+:1:2",
                "1:2:x", "1: 2:3", "", "::", "00:007:-0", "1:2:3\n", "١:2:3"};
        java.util.Random random = new java.util.Random(7);
        List<String> all = new java.util.ArrayList<>(List.of(cases));
        String alphabet = "0123456789:-+a";
        for (int k = 0; k < 5000; k++) {
            StringBuilder b = new StringBuilder();
            for (int len = random.nextInt(12); len > 0; len--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            all.add(b.toString());
        }
        for (String c : all) {
            byte[] bytes = c.getBytes(StandardCharsets.UTF_8);
            // As the old parser saw them: non-ASCII bytes are no digits, whatever Unicode says.
            long[] expected = splitThenParse(new String(bytes, StandardCharsets.US_ASCII), 3);
            if (expected == null) {
                assertThatThrownBy(() -> RaftWire.longs(bytes, 3, "bad")).as(c).hasMessage("bad");
            } else {
                try {
                    assertThat(RaftWire.longs(bytes, 3, "bad")).as(c).containsExactly(expected);
                } catch (RaftWire.BadRequest e) {
                    throw new AssertionError(c + " was refused", e);
                }
            }
        }
    }

    private static long[] splitThenParse(String s, int n) {
        String[] parts = s.split(":", -1);
        if (parts.length != n) return null;
        long[] out = new long[n];
        try {
            for (int i = 0; i < n; i++) out[i] = Long.parseLong(parts[i]);
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    @Test
    void commandBatchesRoundTrip() {
        CommandBatch b = new CommandBatch(1234, 99, List.of(
                new CommandBatch.Request(7, false, List.<byte[][]>of(argv("SET", "k", "v"))),
                new CommandBatch.Request(8, true, List.<byte[][]>of(argv("INCR", "a"), argv("DEL", "b")))));
        CommandBatch back = CommandBatch.decode(b.encode());
        assertThat(back.nowMillis()).isEqualTo(1234);
        assertThat(back.seed()).isEqualTo(99);
        assertThat(back.requests()).hasSize(2);
        assertThat(back.requests().get(1).transaction()).isTrue();
        assertThat(back.requests().get(1).commands().get(1)[1]).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(b.encode()[0]).as("without sessions the old version is written").isEqualTo((byte) 1);
        assertThat(back.requests().get(0).sequenced()).isNull();
    }

    @Test
    void sequencedRequestsTravelInVersionTwo() {
        var q = new CommandBatch.Sequenced(12, 345, 300, 3);
        CommandBatch b = new CommandBatch(1, 2, List.of(
                new CommandBatch.Request(7, false, List.<byte[][]>of(argv("INCR", "k")), q),
                new CommandBatch.Request(8, true, List.<byte[][]>of(argv("SET", "a", "b")))));
        byte[] data = b.encode();
        assertThat(data[0]).isEqualTo((byte) 2);
        CommandBatch back = CommandBatch.decode(data);
        assertThat(back.requests().get(0).sequenced()).isEqualTo(q);
        assertThat(back.requests().get(0).commands().get(0)[1]).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(back.requests().get(1).sequenced()).isNull();
        assertThat(back.requests().get(1).transaction()).isTrue();
    }

    /** Ids past an int are refused, not wrapped into another node's id (4294967297 was read as node 1). */
    @Test
    void idsThatDoNotFitAnIntAreRefused() {
        byte[][] ae = {b("RAFT.AE"), b("2"), b("1"), b("4294967297:5:0:0:0:1"), b("0")};
        assertThatThrownBy(() -> RaftWire.parseAppendEntries(ae, 2)).isInstanceOf(RaftWire.BadRequest.class);
        byte[][] vote = {b("RAFT.REQUESTVOTE"), b("2"), b("1"), b("0:5:4294967297:0:0")};
        assertThatThrownBy(() -> RaftWire.parseVote(vote, 2)).isInstanceOf(RaftWire.BadRequest.class);
        byte[][] snap = {b("RAFT.SNAPSHOT"), b("2"), b("1"), b("5:4294967297:1:9:5:0:1"), b("x")};
        assertThatThrownBy(() -> RaftWire.parseSnapshot(snap, 2)).isInstanceOf(RaftWire.BadRequest.class);
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
