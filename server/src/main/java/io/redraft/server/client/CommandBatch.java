package io.redraft.server.client;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of one NORMAL log entry: every client request the leader gathered in one node-thread
 * batch, plus the clock and random seed the leader fixed for them so that every replica computes
 * the same result. A request is one command, or a whole MULTI/EXEC transaction.
 *
 * <p>Encoding (big-endian): version byte, nowMillis (8), seed (8), request count (4); per request
 * the client id (8), the transaction flag (1), in version 2 a session flag (1) followed, when set,
 * by the {@link Sequenced} fields (session id 8, seq 8, ackBelow 8, protocol 1), then the command
 * count (4), and per command argc (4) then each argument as length (4) and bytes. A batch without
 * sequenced requests is written as version 1, which nodes from before client sessions read.
 * Version 3 is version 2 with, after the session fields, a user flag (1) followed, when set, by
 * the user's name (length 4, bytes): written only when a request carries the user that called a
 * script (ACL checks the script's commands at apply, docs/security.md). Version 4 is version 3
 * with a flags byte after the seed (bit 0: {@code overLimit}): written only when the leader was
 * over {@code maxmemory} as it gathered a script, whose calls then fail alike on every replica.
 */
public record CommandBatch(long nowMillis, long seed, List<Request> requests, boolean overLimit) {
    private static final int VERSION_1 = 1;
    private static final int VERSION_2 = 2;
    private static final int VERSION_3 = 3;
    private static final int VERSION_4 = 4;

    public CommandBatch(long nowMillis, long seed, List<Request> requests) {
        this(nowMillis, seed, requests, false);
    }

    /**
     * One client's request; {@code transaction} when it came from EXEC (its reply is an array);
     * {@code sequenced} when its connection belongs to a client session, else null; {@code user}
     * the ACL user of the client when the request calls a script (its commands are checked against
     * that user when the entry applies), else null.
     */
    public record Request(long clientId, boolean transaction, List<byte[][]> commands, Sequenced sequenced, String user) {
        public Request(long clientId, boolean transaction, List<byte[][]> commands) {
            this(clientId, transaction, commands, null, null);
        }

        public Request(long clientId, boolean transaction, List<byte[][]> commands, Sequenced sequenced) {
            this(clientId, transaction, commands, sequenced, null);
        }
    }

    /**
     * A write's place in its client session (thesis §6.3): the state machine applies
     * ({@code session}, {@code seq}) once and answers repeats from memory. {@code ackBelow} is
     * where the client's connection began (it holds every reply below it); {@code protocol} is
     * the RESP version the remembered reply is rendered in, fixed here so all replicas agree.
     */
    public record Sequenced(long session, long seq, long ackBelow, int protocol) {
        Sequenced inProtocol(int p) {
            return new Sequenced(session, seq, ackBelow, p);
        }
    }

    public byte[] encode() {
        boolean sequenced = false;
        boolean users = false;
        for (Request r : requests) {
            sequenced |= r.sequenced() != null;
            users |= r.user() != null;
        }
        int version = overLimit ? VERSION_4 : users ? VERSION_3 : sequenced ? VERSION_2 : VERSION_1;
        users |= overLimit;
        // Sized exactly up front: a 512 MB value grown by doubling and copied out again held the
        // node thread for seconds and the heap for twice the value (#24).
        ExactBytes bytes = new ExactBytes(encodedSize(sequenced, users) + (overLimit ? 1 : 0));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            sequenced |= users;
            out.writeLong(nowMillis);
            out.writeLong(seed);
            if (overLimit) out.writeByte(1);
            out.writeInt(requests.size());
            for (Request r : requests) {
                out.writeLong(r.clientId());
                out.writeBoolean(r.transaction());
                if (sequenced) {
                    Sequenced q = r.sequenced();
                    out.writeBoolean(q != null);
                    if (q != null) {
                        out.writeLong(q.session());
                        out.writeLong(q.seq());
                        out.writeLong(q.ackBelow());
                        out.writeByte(q.protocol());
                    }
                }
                if (users) {
                    out.writeBoolean(r.user() != null);
                    if (r.user() != null) {
                        byte[] name = r.user().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        out.writeInt(name.length);
                        out.write(name);
                    }
                }
                out.writeInt(r.commands().size());
                for (byte[][] argv : r.commands()) {
                    out.writeInt(argv.length);
                    for (byte[] a : argv) {
                        out.writeInt(a.length);
                        out.write(a);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.exact();
    }

    private long encodedSize(boolean sequenced, boolean users) {
        long n = 1 + 8 + 8 + 4;
        for (Request r : requests) {
            n += 8 + 1 + 4;
            if (sequenced || users) n += 1 + (r.sequenced() != null ? 8 + 8 + 8 + 1 : 0);
            if (users) n += 1 + (r.user() != null ? 4 + r.user().getBytes(java.nio.charset.StandardCharsets.UTF_8).length : 0);
            for (byte[][] argv : r.commands()) {
                n += 4;
                for (byte[] a : argv) n += 4 + a.length;
            }
        }
        return n;
    }

    /** A byte array stream handed out without a copy when it was sized right. */
    private static final class ExactBytes extends ByteArrayOutputStream {
        ExactBytes(long size) {
            super((int) Math.min(size, Integer.MAX_VALUE - 8));
        }

        byte[] exact() {
            return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
        }
    }

    /**
     * Reads an entry's batch. Each argument is copied once, into an array of its exact size, from
     * a buffer over the entry: the stream readers this replaced read a value in 8 KB pieces and
     * joined them, so a follower allocated a large value three times over before it reached the
     * keyspace (#24).
     */
    public static CommandBatch decode(byte[] data) {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int v = in.get() & 0xff;
            if (v < VERSION_1 || v > VERSION_4) throw new IllegalArgumentException("unknown command batch version " + v);
            long now = in.getLong();
            long seed = in.getLong();
            boolean overLimit = v >= VERSION_4 && (in.get() & 1) != 0;
            int n = in.getInt();
            List<Request> requests = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                long client = in.getLong();
                boolean tx = in.get() != 0;
                Sequenced q = null;
                if (v >= VERSION_2 && in.get() != 0) {
                    q = new Sequenced(in.getLong(), in.getLong(), in.getLong(), in.get() & 0xff);
                    if (q.protocol() != 2 && q.protocol() != 3) throw new IOException("bad protocol " + q.protocol());
                }
                String user = null;
                if (v >= VERSION_3 && in.get() != 0) {
                    user = new String(bytes(in), java.nio.charset.StandardCharsets.UTF_8);
                }
                int cmds = in.getInt();
                List<byte[][]> commands = new ArrayList<>(Math.min(cmds, 1024));
                for (int c = 0; c < cmds; c++) {
                    int argc = in.getInt();
                    if (argc < 0 || argc > in.remaining() / 4) throw new IOException("bad argument count " + argc);
                    byte[][] argv = new byte[argc][];
                    for (int k = 0; k < argc; k++) argv[k] = bytes(in);
                    commands.add(argv);
                }
                requests.add(new Request(client, tx, commands, q, user));
            }
            return new CommandBatch(now, seed, requests, overLimit);
        } catch (IOException | BufferUnderflowException e) {
            throw new UncheckedIOException("corrupt command batch", e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static byte[] bytes(ByteBuffer in) throws IOException {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) throw new IOException("bad argument length " + len);
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }
}
