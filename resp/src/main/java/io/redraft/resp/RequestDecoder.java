package io.redraft.resp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns the bytes one client sends into commands, following Redis 7's
 * {@code processMultibulkBuffer} and {@code processInlineBuffer}: the same limits, the same
 * error texts, the same leniencies (the two bytes after a bulk argument are skipped unread; an
 * empty or zero-count request is ignored).
 *
 * <p>A pull-style state machine with no I/O: {@link #next(ByteBuffer)} consumes input up to the
 * end of one command and returns it, or consumes everything and returns null when the command is
 * still incomplete (partial state is kept inside, so the caller never re-presents bytes). One
 * instance per connection, used by one thread at a time.
 *
 * <p>Memory: nothing is allocated from a declared length alone. A bulk argument's buffer starts at
 * most {@value #FIRST_CHUNK} bytes and grows as data actually arrives, to at most four times what
 * arrived; the argument array starts at most {@value #FIRST_ARGV} slots. Bytes held for the
 * pending request are bounded by {@link RequestLimits#queryBufferLimit()}.
 */
public final class RequestDecoder {
    static final int FIRST_CHUNK = 16 * 1024;
    static final int FIRST_ARGV = 1024;
    /** Bytes of a bulk argument received after which its buffer is sized to the declared length. */
    static final int WHOLE_AFTER = 8 << 20;
    private static final byte[] EMPTY = new byte[0];

    private enum State { START, INLINE, MULTIBULK_COUNT, BULK_COUNT, BULK_DATA, BULK_CRLF }

    private final RequestLimits limits;
    private final long[] number = new long[1];
    private volatile boolean authRequired;
    /** Set by the decoding thread itself before each request (one thread at a time): no volatile. */
    private boolean peerLink;

    private State state = State.START;
    private byte[] line = new byte[64];
    private int lineLen;
    /** A count line saw its '\r'; Redis then skips the next byte, whatever it is. */
    private boolean lineCr;

    private byte[][] argv;
    private int argc;
    private int argsLeft;
    private long argvBytes;

    private byte[] bulk;
    private int bulkLen;
    private int bulkFill;
    private int crlfLeft;

    /** Where a peer's snapshot chunk bytes come from, or null: allocated each time. */
    private final ChunkArrays chunks;

    public RequestDecoder(RequestLimits limits) {
        this(limits, null);
    }

    /** Takes the arrays of {@code RAFT.SNAPSHOT} chunks of 16 KB or more from {@code chunks}. */
    public RequestDecoder(RequestLimits limits, ChunkArrays chunks) {
        this.limits = limits;
        this.chunks = chunks;
    }

    public RequestDecoder() {
        this(RequestLimits.REDIS_DEFAULTS);
    }

    /**
     * Whether the client still has to authenticate; Redis then caps a request at
     * {@link RequestLimits#unauthMaxArgs()} arguments of {@link RequestLimits#unauthMaxBulkLen()} bytes.
     */
    public void authRequired(boolean required) {
        this.authRequired = required;
    }

    /**
     * Whether the connection is another node's link (it said {@code RAFT.PEER}): its AppendEntries
     * and snapshot chunks are then allocated whole when their length arrives.
     */
    public void peerLink(boolean peerLink) {
        this.peerLink = peerLink;
    }

    /** Bytes held for the request being decoded (the query buffer, in Redis's terms). */
    public long pendingBytes() {
        return argvBytes + bulkFill + lineLen;
    }

    /** Bytes of buffers currently allocated for the pending request (for tests of the memory bound). */
    long allocatedBytes() {
        return (bulk == null ? 0 : bulk.length) + line.length + argvBytes;
    }

    /** True when no partial request is buffered. */
    public boolean idle() {
        return state == State.START;
    }

    /**
     * Consumes input up to the end of the next complete command and returns its arguments (never
     * empty), or consumes all input and returns null if no command is complete yet.
     *
     * @throws ProtocolException the request is malformed or too big; the connection must be
     *                           closed (after sending {@link ProtocolException#errorLine()} unless silent)
     */
    public byte[][] next(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            switch (state) {
                case START -> {
                    state = in.get(in.position()) == '*' ? State.MULTIBULK_COUNT : State.INLINE;
                    lineLen = 0;
                    lineCr = false;
                }
                case INLINE -> {
                    if (!readInlineLine(in)) return null;
                    byte[][] args = InlineSplitter.split(line, lineLen);
                    resetLine();
                    state = State.START;
                    if (args == null) throw ProtocolException.reply("Protocol error: unbalanced quotes in request");
                    if (args.length > 0) return args;
                }
                case MULTIBULK_COUNT -> {
                    if (!readCountLine(in, "Protocol error: too big mbulk count string")) return null;
                    startMultibulk();
                }
                case BULK_COUNT -> {
                    if (!readCountLine(in, "Protocol error: too big bulk count string")) return null;
                    startBulk();
                }
                case BULK_DATA -> readBulkData(in);
                case BULK_CRLF -> {
                    int skip = Math.min(crlfLeft, in.remaining());
                    in.position(in.position() + skip);
                    crlfLeft -= skip;
                    if (crlfLeft == 0) {
                        byte[][] done = finishArgument();
                        if (done != null) return done;
                    }
                }
            }
        }
        return null;
    }

    /** Reads up to '\n'; the line excludes it and one '\r' before it. */
    private boolean readInlineLine(ByteBuffer in) throws ProtocolException {
        int nl = indexOf(in, (byte) '\n');
        int upTo = nl < 0 ? in.limit() : nl;
        append(in, upTo - in.position());
        if (lineLen > limits.inlineMax()) throw ProtocolException.reply("Protocol error: too big inline request");
        if (nl < 0) return false;
        in.get(); // '\n'
        if (lineLen > 0 && line[lineLen - 1] == '\r') lineLen--;
        return true;
    }

    /** Reads a {@code *n} or {@code $n} line: up to '\r', then one more byte skipped unread. */
    private boolean readCountLine(ByteBuffer in, String tooBig) throws ProtocolException {
        if (!lineCr) {
            int cr = indexOf(in, (byte) '\r');
            int upTo = cr < 0 ? in.limit() : cr;
            append(in, upTo - in.position());
            if (lineLen > limits.inlineMax()) throw ProtocolException.reply(tooBig);
            if (cr < 0) return false;
            in.get(); // '\r'
            lineCr = true;
        }
        if (!in.hasRemaining()) return false;
        in.get(); // normally '\n'
        lineCr = false;
        return true;
    }

    private void startMultibulk() throws ProtocolException {
        boolean ok = RedisNumbers.parseLong(line, 1, lineLen - 1, number);
        long n = number[0];
        resetLine();
        if (!ok || n > Integer.MAX_VALUE) throw ProtocolException.reply("Protocol error: invalid multibulk length");
        if (n > limits.unauthMaxArgs() && authRequired) {
            throw ProtocolException.reply("Protocol error: unauthenticated multibulk length");
        }
        if (n <= 0) {
            state = State.START;
            return;
        }
        argsLeft = (int) n;
        argv = new byte[(int) Math.min(n, FIRST_ARGV)][];
        argc = 0;
        argvBytes = 0;
        state = State.BULK_COUNT;
    }

    private void startBulk() throws ProtocolException {
        if (lineLen == 0 || line[0] != '$') {
            char got = lineLen == 0 ? '\r' : (char) (line[0] & 0xff);
            // Redis's addReplyErrorFormat turns newlines into spaces so the reply stays one line.
            if (got == '\r' || got == '\n') got = ' ';
            throw ProtocolException.reply("Protocol error: expected '$', got '" + got + "'");
        }
        boolean ok = RedisNumbers.parseLong(line, 1, lineLen - 1, number);
        long n = number[0];
        resetLine();
        if (!ok || n < 0 || (n > limits.maxBulkLen() && !replicationStream(n))) {
            throw ProtocolException.reply("Protocol error: invalid bulk length");
        }
        if (n > limits.unauthMaxBulkLen() && authRequired) {
            throw ProtocolException.reply("Protocol error: unauthenticated bulk length");
        }
        bulkLen = (int) n;
        bulkFill = 0;
        // A peer's AppendEntries or snapshot chunk (64 KB, entries of up to a few MB) is taken whole
        // at once, as Redis takes any argument of 32 KB or more: growing it from FIRST_CHUNK
        // doubled and copied it twice or more, half of a follower's node thread while it received
        // a snapshot (#24). Only on a peer's link that needs no AUTH, and only up to WHOLE_AFTER: a
        // client declaring large bulks it never sends still holds only what it sent.
        boolean fromPeer = peerLink && !authRequired && bulkLen <= WHOLE_AFTER;
        if (fromPeer && chunks != null && bulkLen >= FIRST_CHUNK && named(RAFT_SNAPSHOT)) {
            bulk = chunks.take(bulkLen);
        } else {
            boolean whole = fromPeer && (named(RAFT_AE) || named(RAFT_SNAPSHOT));
            bulk = bulkLen == 0 ? EMPTY : new byte[whole ? bulkLen : Math.min(bulkLen, FIRST_CHUNK)];
        }
        checkQueryBuffer(0);
        state = bulkLen == 0 ? State.BULK_CRLF : State.BULK_DATA;
        crlfLeft = 2;
    }

    private static final byte[] RAFT_AE = "raft.ae".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] RAFT_SNAPSHOT = "raft.snapshot".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Whether the command being decoded is {@code lowerName}, in any case. */
    private boolean named(byte[] lowerName) {
        if (argc == 0) return false;
        byte[] name = argv[0];
        if (name.length != lowerName.length) return false;
        for (int i = 0; i < name.length; i++) {
            if (Character.toLowerCase(name[i]) != lowerName[i]) return false;
        }
        return true;
    }

    /**
     * An entry of a peer's {@code RAFT.AE} carries a client's value plus its log framing, so a
     * value of {@code proto-max-bulk-len} arrives a few bytes over it; Redis likewise exempts its
     * replication link from the limit. Still bounded by the query buffer limit, still refused
     * before the node unless the connection speaks for a peer, and never before AUTH.
     */
    private boolean replicationStream(long n) {
        if (authRequired || n > limits.queryBufferLimit() || n > Integer.MAX_VALUE - 8) return false;
        return named(RAFT_AE);
    }

    private void readBulkData(ByteBuffer in) throws ProtocolException {
        int n = Math.min(bulkLen - bulkFill, in.remaining());
        checkQueryBuffer(n);
        if (bulkFill + n > bulk.length) {
            // Grow by doubling, never past the declared length: memory follows the bytes received.
            // Once a quarter of it has arrived the buffer takes the whole length: still at most
            // four times what was received, and a peer's entries of a few hundred kB are copied
            // once or twice on the way instead of at every doubling (#24).
            long got = (long) bulkFill + n;
            long want = 4 * got >= bulkLen ? bulkLen : Math.max(got, Math.min(2L * bulk.length, bulkLen));
            // Once megabytes of it have really arrived on an authenticated connection, the rest is
            // taken as coming too (Redis allocates a big argument whole at once): doubling on to
            // 512 MB cost three more copies and, at the last step, 768 MB held at once (#24).
            if ((long) bulkFill + n >= WHOLE_AFTER && !authRequired) want = bulkLen;
            bulk = Arrays.copyOf(bulk, (int) Math.min(want, bulkLen));
        }
        in.get(bulk, bulkFill, n);
        bulkFill += n;
        if (bulkFill == bulkLen) {
            state = State.BULK_CRLF;
            crlfLeft = 2;
        }
    }

    /** Stores the finished bulk argument; returns the command when it was the last one. */
    private byte[][] finishArgument() {
        if (argc == argv.length) argv = Arrays.copyOf(argv, (int) Math.min(2L * argv.length, argc + (long) argsLeft));
        argv[argc++] = bulk;
        argvBytes += bulkLen;
        bulk = null;
        bulkFill = 0;
        if (--argsLeft > 0) {
            state = State.BULK_COUNT;
            return null;
        }
        byte[][] done = argc == argv.length ? argv : Arrays.copyOf(argv, argc);
        argv = null;
        argc = 0;
        argvBytes = 0;
        state = State.START;
        return done;
    }

    private void checkQueryBuffer(int incoming) throws ProtocolException {
        // Each stored argument also costs a reference, so a flood of empty arguments counts too.
        long held = argvBytes + 8L * argc + bulkFill + incoming;
        if (held > limits.queryBufferLimit()) {
            throw ProtocolException.silentClose("client reached max query buffer length");
        }
    }

    /**
     * Appends {@code n} input bytes to the line. Callers throw as soon as the line passes the
     * limit, so at most limit + 1 bytes are ever kept; the rest is only counted.
     */
    private void append(ByteBuffer in, int n) {
        int keep = Math.min(n, limits.inlineMax() + 1 - lineLen);
        if (lineLen + keep > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, lineLen + keep), limits.inlineMax() + 1));
        }
        in.get(line, lineLen, keep);
        in.position(in.position() + (n - keep));
        lineLen += n;
    }

    private void resetLine() {
        lineLen = 0;
        if (line.length > 4096) line = new byte[64];
    }

    private static int indexOf(ByteBuffer in, byte b) {
        for (int i = in.position(), end = in.limit(); i < end; i++) {
            if (in.get(i) == b) return i;
        }
        return -1;
    }
}
