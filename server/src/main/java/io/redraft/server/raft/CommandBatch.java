package io.redraft.server.raft;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of one NORMAL log entry: every client request the leader gathered in one node-thread
 * batch, plus the clock and random seed the leader fixed for them so that every replica computes
 * the same result. A request is one command, or a whole MULTI/EXEC transaction.
 *
 * <p>Encoding (big-endian): version byte 1, nowMillis (8), seed (8), request count (4); per request
 * the client id (8), command count (4), and per command argc (4) then each argument as length (4)
 * and bytes.
 */
record CommandBatch(long nowMillis, long seed, List<Request> requests) {
    private static final int VERSION = 1;

    /** One client's request; {@code transaction} when it came from EXEC (its reply is an array). */
    record Request(long clientId, boolean transaction, List<byte[][]> commands) {}

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(nowMillis);
            out.writeLong(seed);
            out.writeInt(requests.size());
            for (Request r : requests) {
                out.writeLong(r.clientId());
                out.writeBoolean(r.transaction());
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
        return bytes.toByteArray();
    }

    static CommandBatch decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            int v = in.readUnsignedByte();
            if (v != VERSION) throw new IllegalArgumentException("unknown command batch version " + v);
            long now = in.readLong();
            long seed = in.readLong();
            int n = in.readInt();
            List<Request> requests = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                long client = in.readLong();
                boolean tx = in.readBoolean();
                int cmds = in.readInt();
                List<byte[][]> commands = new ArrayList<>(Math.min(cmds, 1024));
                for (int c = 0; c < cmds; c++) {
                    byte[][] argv = new byte[in.readInt()][];
                    for (int k = 0; k < argv.length; k++) argv[k] = in.readNBytes(in.readInt());
                    commands.add(argv);
                }
                requests.add(new Request(client, tx, commands));
            }
            return new CommandBatch(now, seed, requests);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt command batch", e);
        }
    }
}
