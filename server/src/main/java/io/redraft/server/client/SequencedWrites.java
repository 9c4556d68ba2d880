package io.redraft.server.client;

import io.redraft.server.command.DataCommands;
import static io.redraft.server.node.Replies.lower;

import io.redraft.resp.ByteArrayOutput;
import io.redraft.resp.ReplySink;
import io.redraft.resp.RespWriter;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.ClientSession;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandTable;
import io.redraft.store.Store;
import io.redraft.store.session.SessionTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Client sessions (Raft thesis §6.3) on the write path: a tagged connection numbers its writes
 * as they go into the log, and applying a numbered write consults the replicated
 * {@link SessionTable} so that a retry is answered with the first execution's reply instead of
 * running again. Node thread only. See docs/protocol.md, "Client sessions".
 */
final class SequencedWrites {
    private final RaftRuntime rt;
    /** The reply of a fresh sequenced write is rendered here first, to be remembered. */
    private final ByteArrayOutput capture = new ByteArrayOutput(256);
    private final RespWriter captureWriter = new RespWriter(capture, 2);

    SequencedWrites(RaftRuntime rt) {
        this.rt = rt;
    }

    /** CLIENT SESSION NEW, the one client command that reaches the log; nothing else starts with CLIENT. */
    static boolean isRegistration(List<byte[][]> commands) {
        if (commands.size() != 1) return false;
        byte[][] argv = commands.get(0);
        return argv.length == 3 && argv[0].length == 6 && lower(argv[0]).equals("client") && lower(argv[1]).equals("session")
                && lower(argv[2]).equals("new");
    }

    /** The number of a write the connection sends now, or null when the connection has no session. */
    static CommandBatch.Sequenced next(ClientSession s, List<byte[][]> commands, int protocol) {
        if (s.clientSession() == 0 || isRegistration(commands)) return null;
        return new CommandBatch.Sequenced(s.clientSession(), s.takeSeq(), s.seqBase(), protocol);
    }

    /**
     * Whether a request is a write, i.e. takes a session number: a known command with a valid
     * argument count that is not read-only, or a transaction holding one. A client can tell this
     * from its own commands, and a follower decides it as the leader would.
     */
    static boolean isWrite(List<byte[][]> commands, boolean transaction) {
        if (isRegistration(commands)) return false;
        if (!transaction) {
            CommandTable.Entry e = DataCommands.table().resolve(Arrays.asList(commands.get(0)));
            return e != null && e.handler() != null && e.spec().arityOk(commands.get(0).length)
                    && !e.spec().has(CommandFlag.READONLY) && !e.spec().name().equals(Store.EXEC_WATCHED);
        }
        for (byte[][] c : commands) {
            var spec = DataCommands.table().lookup(Arrays.asList(c));
            if (spec != null && !spec.has(CommandFlag.READONLY)) return true;
        }
        return false;
    }

    /** Applies a registration: the new session's id is the reply. */
    void register(long nowMillis, ReplySink out) {
        out.integer(rt.sessions().register(nowMillis));
    }

    /**
     * Applies a sequenced request at most once, deterministically on every replica: fresh, it
     * runs through {@code execute} and its reply is remembered; seen before, the remembered reply
     * comes back; otherwise an error. Returns the reply bytes for the client.
     */
    byte[] apply(CommandBatch.Sequenced q, long nowMillis, Consumer<ReplySink> execute) {
        return switch (rt.sessions().check(q.session(), q.seq(), q.ackBelow(), nowMillis)) {
            case SessionTable.Outcome.Fresh f -> {
                capture.reset();
                captureWriter.setProtocol(q.protocol());
                execute.accept(captureWriter);
                byte[] reply = capture.toByteArray();
                rt.sessions().remember(q.session(), q.seq(), reply);
                yield reply;
            }
            case SessionTable.Outcome.Remembered r -> r.reply();
            case SessionTable.Outcome.Refused r -> ("-" + r.error() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        };
    }
}
