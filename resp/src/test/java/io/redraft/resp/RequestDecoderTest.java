package io.redraft.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<List<String>> decodeAll(RequestDecoder d, byte[]... chunks) throws ProtocolException {
        List<List<String>> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuffer in = ByteBuffer.wrap(chunk);
            while (in.hasRemaining()) {
                byte[][] cmd = d.next(in);
                if (cmd == null) {
                    assertThat(in.hasRemaining()).isFalse();
                    break;
                }
                List<String> args = new ArrayList<>();
                for (byte[] a : cmd) args.add(new String(a, StandardCharsets.ISO_8859_1));
                out.add(args);
            }
        }
        return out;
    }

    private static List<List<String>> decode(String s) throws ProtocolException {
        return decodeAll(new RequestDecoder(), b(s));
    }

    private static String protocolError(String s) {
        return protocolError(new RequestDecoder(), s);
    }

    private static String protocolError(RequestDecoder d, String s) {
        try {
            decodeAll(d, b(s));
        } catch (ProtocolException e) {
            return e.errorLine();
        }
        throw new AssertionError("no protocol error for " + s);
    }

    @Test
    void decodesMultibulkAndInline() throws Exception {
        assertThat(decode("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nx!\r\nPING\r\necho  hi \n"))
                .containsExactly(List.of("SET", "k", "v\r\nx!"), List.of("PING"), List.of("echo", "hi"));
    }

    @Test
    void ignoresEmptyRequestsAsRedisDoes() throws Exception {
        assertThat(decode("\r\n*0\r\n*-10\r\n   \r\nPING\r\n")).containsExactly(List.of("PING"));
    }

    @Test
    void everySplitPointGivesTheSameCommands() throws Exception {
        String stream = "*2\r\n$4\r\nECHO\r\n$6\r\na\r\nb\nc\r\n*1\r\n$0\r\n\r\nSET \"a b\" 'c\\'d' \"\\x41\\n\"\r\n"
                + "*3\r\n$3\r\nSET\r\n$2\r\nkk\r\n$10\r\n0123456789\r\nPING\n";
        List<List<String>> whole = decode(stream);
        assertThat(whole).containsExactly(List.of("ECHO", "a\r\nb\nc"), List.of(""), List.of("SET", "a b", "c'd", "A\n"),
                List.of("SET", "kk", "0123456789"), List.of("PING"));
        byte[] bytes = b(stream);
        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                byte[] a = java.util.Arrays.copyOfRange(bytes, 0, i);
                byte[] m = java.util.Arrays.copyOfRange(bytes, i, j);
                byte[] z = java.util.Arrays.copyOfRange(bytes, j, bytes.length);
                assertThat(decodeAll(new RequestDecoder(), a, m, z)).as("split at %d,%d", i, j).isEqualTo(whole);
            }
        }
        byte[][] single = new byte[bytes.length][];
        for (int i = 0; i < bytes.length; i++) single[i] = new byte[] {bytes[i]};
        assertThat(decodeAll(new RequestDecoder(), single)).isEqualTo(whole);
    }

    @Test
    void randomBinaryCommandsSurviveRandomFragmentation() throws Exception {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<List<String>> expected = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int cmds = 1 + rnd.nextInt(5);
            for (int c = 0; c < cmds; c++) {
                int argc = 1 + rnd.nextInt(6);
                List<String> args = new ArrayList<>();
                wire.writeBytes(b("*" + argc + "\r\n"));
                for (int a = 0; a < argc; a++) {
                    byte[] arg = new byte[rnd.nextInt(rnd.nextBoolean() ? 10 : 40_000)];
                    rnd.nextBytes(arg);
                    args.add(new String(arg, StandardCharsets.ISO_8859_1));
                    wire.writeBytes(b("$" + arg.length + "\r\n"));
                    wire.writeBytes(arg);
                    wire.writeBytes(b("\r\n"));
                }
                expected.add(args);
            }
            byte[] all = wire.toByteArray();
            List<byte[]> chunks = new ArrayList<>();
            for (int p = 0; p < all.length; ) {
                int n = Math.min(all.length - p, 1 + rnd.nextInt(rnd.nextBoolean() ? 7 : 70_000));
                chunks.add(java.util.Arrays.copyOfRange(all, p, p + n));
                p += n;
            }
            RequestDecoder d = new RequestDecoder();
            assertThat(decodeAll(d, chunks.toArray(new byte[0][]))).isEqualTo(expected);
            assertThat(d.idle()).isTrue();
            assertThat(d.pendingBytes()).isZero();
        }
    }

    @Test
    void multibulkLengthErrors() {
        assertThat(protocolError("*abc\r\n")).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(protocolError("*3000000000\r\n")).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(protocolError("*+1\r\n")).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(protocolError("*01\r\n")).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(protocolError("*\r\n")).isEqualTo("ERR Protocol error: invalid multibulk length");
        assertThat(protocolError("*" + "1".repeat(70_000))).isEqualTo("ERR Protocol error: too big mbulk count string");
    }

    @Test
    void bulkLengthErrors() {
        assertThat(protocolError("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n")).isEqualTo("ERR Protocol error: expected '$', got 'f'");
        assertThat(protocolError("*1\r\n\r\n")).isEqualTo("ERR Protocol error: expected '$', got ' '");
        assertThat(protocolError("*1\r\n$-1\r\n")).isEqualTo("ERR Protocol error: invalid bulk length");
        assertThat(protocolError("*1\r\n$x\r\n")).isEqualTo("ERR Protocol error: invalid bulk length");
        assertThat(protocolError("*1\r\n$536870913\r\n")).isEqualTo("ERR Protocol error: invalid bulk length");
        assertThat(protocolError("*1\r\n$" + "1".repeat(70_000))).isEqualTo("ERR Protocol error: too big bulk count string");
    }

    @Test
    void inlineErrors() {
        assertThat(protocolError("x".repeat(64 * 1024 + 1))).isEqualTo("ERR Protocol error: too big inline request");
        assertThat(protocolError("SET \"abc\r\n")).isEqualTo("ERR Protocol error: unbalanced quotes in request");
        assertThat(protocolError("SET \"abc\"def\r\n")).isEqualTo("ERR Protocol error: unbalanced quotes in request");
        assertThat(protocolError("SET 'abc\r\n")).isEqualTo("ERR Protocol error: unbalanced quotes in request");
    }

    @Test
    void inlineAtTheLimitIsAccepted() throws Exception {
        String arg = "x".repeat(64 * 1024 - 6); // with "ECHO " and the CR: exactly 64 KiB before the LF
        assertThat(decode("ECHO " + arg + "\r\n")).containsExactly(List.of("ECHO", arg));
    }

    @Test
    void unauthenticatedClientsGetSmallRequestsOnly() throws Exception {
        RequestDecoder d = new RequestDecoder();
        d.authRequired(true);
        assertThat(protocolError(d, "*11\r\n")).isEqualTo("ERR Protocol error: unauthenticated multibulk length");
        d = new RequestDecoder();
        d.authRequired(true);
        assertThat(protocolError(d, "*2\r\n$4\r\nAUTH\r\n$16385\r\n")).isEqualTo("ERR Protocol error: unauthenticated bulk length");
        d = new RequestDecoder();
        d.authRequired(true);
        assertThat(decodeAll(d, b("*2\r\n$4\r\nAUTH\r\n$2\r\npw\r\n"))).containsExactly(List.of("AUTH", "pw"));
        d.authRequired(false);
        assertThat(decodeAll(d, b("*11\r\n" + "$1\r\nx\r\n".repeat(11)))).hasSize(1);
    }

    @Test
    void hugeDeclaredBulkAllocatesOnlyWhatArrives() throws Exception {
        RequestDecoder d = new RequestDecoder();
        assertThat(decodeAll(d, b("*2\r\n$3\r\nSET\r\n$536870912\r\n0123456789"))).isEmpty();
        assertThat(d.pendingBytes()).isEqualTo(3 + 10);
        assertThat(d.allocatedBytes()).isLessThan(RequestDecoder.FIRST_CHUNK + 1024);
        byte[] more = new byte[100_000];
        decodeAll(d, more);
        assertThat(d.allocatedBytes()).isLessThan(4L * 100_000);
    }

    /**
     * A peer's snapshot chunk or AppendEntries is allocated whole when its length arrives, so its
     * bytes are copied once (#24); a client's value, the same commands from a connection that is
     * no peer's link, or a peer's before AUTH, still grow with what has arrived.
     */
    @Test
    void aPeersChunkIsAllocatedWholeAClientsValueGrowsWithWhatArrives() throws Exception {
        String head = "*3\r\n$13\r\nRAFT.SNAPSHOT\r\n$3\r\n1 2\r\n$65536\r\n";
        RequestDecoder peer = new RequestDecoder();
        peer.peerLink(true);
        assertThat(decodeAll(peer, b(head + "0123456789"))).isEmpty();
        assertThat(peer.allocatedBytes()).isGreaterThanOrEqualTo(65_536);
        RequestDecoder notALink = new RequestDecoder();
        assertThat(decodeAll(notALink, b(head + "0123456789"))).isEmpty();
        assertThat(notALink.allocatedBytes()).isLessThan(RequestDecoder.FIRST_CHUNK + 1024);
        RequestDecoder ae = new RequestDecoder();
        ae.peerLink(true);
        assertThat(decodeAll(ae, b("*2\r\n$7\r\nraft.ae\r\n$2000000\r\n0123456789"))).isEmpty();
        assertThat(ae.allocatedBytes()).isGreaterThanOrEqualTo(2_000_000);

        RequestDecoder client = new RequestDecoder();
        assertThat(decodeAll(client, b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$65536\r\n0123456789"))).isEmpty();
        assertThat(client.allocatedBytes()).isLessThan(RequestDecoder.FIRST_CHUNK + 1024);
        RequestDecoder unauthenticated = new RequestDecoder();
        unauthenticated.peerLink(true);
        unauthenticated.authRequired(true);
        assertThat(decodeAll(unauthenticated, b("*2\r\n$13\r\nRAFT.SNAPSHOT\r\n$16384\r\n0123"))).isEmpty();
        assertThat(unauthenticated.allocatedBytes()).isLessThan(RequestDecoder.FIRST_CHUNK + 1024);
        RequestDecoder huge = new RequestDecoder();
        huge.peerLink(true);
        assertThat(decodeAll(huge, b("*2\r\n$7\r\nRAFT.AE\r\n$536870912\r\n0123"))).isEmpty();
        assertThat(huge.allocatedBytes()).as("not past WHOLE_AFTER").isLessThan(RequestDecoder.FIRST_CHUNK + 1024);

        byte[] rest = new byte[65_536 - 10];
        java.util.Arrays.fill(rest, (byte) 'c');
        List<List<String>> done = decodeAll(peer, rest, b("\r\n"));
        assertThat(done).hasSize(1);
        assertThat(done.get(0).get(2)).hasSize(65_536);
    }

    /** A log entry holding a value of proto-max-bulk-len is a few bytes longer: a peer's RAFT.AE may carry it (#24). */
    @Test
    void raftAppendEntriesMayCarryAnEntryOverTheBulkLimitOtherCommandsMayNot() throws Exception {
        RequestLimits limits = RequestLimits.REDIS_DEFAULTS.withMaxBulkLen(10);
        RequestDecoder peer = new RequestDecoder(limits);
        assertThat(decodeAll(peer, b("*2\r\n$7\r\nRaFt.Ae\r\n$12\r\n0123456789ab\r\n")))
                .containsExactly(List.of("RaFt.Ae", "0123456789ab"));
        RequestDecoder client = new RequestDecoder(limits);
        assertThatThrownBy(() -> decodeAll(client, b("*2\r\n$3\r\nSET\r\n$12\r\n0123456789ab\r\n")))
                .hasMessageContaining("invalid bulk length");
        RequestDecoder unauthenticated = new RequestDecoder(limits);
        unauthenticated.authRequired(true);
        assertThatThrownBy(() -> decodeAll(unauthenticated, b("*2\r\n$7\r\nRAFT.AE\r\n$12\r\n0123456789ab\r\n")))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void hugeDeclaredArgumentCountAllocatesASmallArray() throws Exception {
        RequestDecoder d = new RequestDecoder();
        assertThat(decodeAll(d, b("*2147483647\r\n$1\r\na\r\n"))).isEmpty();
        assertThat(d.allocatedBytes()).isLessThan(8 * 1024);
    }

    @Test
    void queryBufferLimitClosesSilently() {
        RequestDecoder d = new RequestDecoder(RequestLimits.REDIS_DEFAULTS.withQueryBufferLimit(1000));
        assertThatThrownBy(() -> decodeAll(d, b("*2\r\n$3\r\nSET\r\n$2000\r\n" + "x".repeat(1500))))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.silent()).isTrue());
        RequestDecoder e = new RequestDecoder(RequestLimits.REDIS_DEFAULTS.withQueryBufferLimit(1000));
        assertThatThrownBy(() -> decodeAll(e, b("*1000\r\n" + "$0\r\n\r\n".repeat(200))))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void strictIntegersFollowString2ll() {
        long[] out = new long[1];
        assertThat(RedisNumbers.parseLong(b("-9223372036854775808"), out)).isTrue();
        assertThat(out[0]).isEqualTo(Long.MIN_VALUE);
        assertThat(RedisNumbers.parseLong(b("9223372036854775807"), out)).isTrue();
        assertThat(out[0]).isEqualTo(Long.MAX_VALUE);
        assertThat(RedisNumbers.parseLong(b("9223372036854775808"), out)).isFalse();
        assertThat(RedisNumbers.parseLong(b("-0"), out)).isFalse();
        assertThat(RedisNumbers.parseLong(b("0"), out)).isTrue();
        assertThat(RedisNumbers.parseLong(b(" 1"), out)).isFalse();
        assertThat(RedisNumbers.parseLong(b(""), out)).isFalse();
    }
}
