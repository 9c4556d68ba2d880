package io.redraft.store;

import io.redraft.resp.ReplySink;
import io.redraft.store.dump.DumpCommands;
import io.redraft.store.hash.HashCommands;
import io.redraft.store.hll.HllCommands;
import io.redraft.store.keys.KeyCommands;
import io.redraft.store.list.ListCommands;
import io.redraft.store.server.ServerCommands;
import io.redraft.store.set.SetCommands;
import io.redraft.store.string.StringCommands;
import io.redraft.store.zset.ZSetCommands;

import java.util.List;

/**
 * The deterministic Redis state machine: a keyspace plus the command table. Not thread-safe:
 * the server applies committed entries (and serves reads) from one thread.
 *
 * <p>Given the same keyspace, argv and {@link ExecContext}, {@link #execute} produces the same
 * reply bytes and the same new state on every replica.
 */
public final class Store {
    private static final CommandTable TABLE = buildTable();

    private final Keyspace keyspace = new Keyspace();

    private static CommandTable buildTable() {
        CommandTable t = new CommandTable();
        ServerCommands.register(t);
        StringCommands.register(t);
        KeyCommands.register(t);
        HashCommands.register(t);
        ListCommands.register(t);
        SetCommands.register(t);
        ZSetCommands.register(t);
        HllCommands.register(t);
        DumpCommands.register(t);
        return t;
    }

    /** The command table (shared, immutable after class init). */
    public static CommandTable commands() {
        return TABLE;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /**
     * Runs one command and writes its reply to {@code out}, including Redis's errors for an
     * unknown command or a wrong number of arguments.
     */
    public void execute(List<byte[]> argv, ExecContext ctx, ReplySink out) {
        CommandTable.Entry e = TABLE.resolve(argv);
        if (e == null) {
            out.error(TABLE.unknownError(argv));
            return;
        }
        if (!e.spec().arityOk(argv.size()) || e.handler() == null) {
            out.error(CommandTable.arityError(e.spec()));
            return;
        }
        try {
            e.handler().run(new Call(argv, ctx, keyspace, out, e.spec()));
        } catch (CommandError err) {
            out.error(err.getMessage());
        } catch (RuntimeException bug) {
            // A bug, not a user error. Every replica applying the entry hits it the same way,
            // so replying beats killing the node; a partial reply may precede this error.
            out.error("ERR internal error in '" + e.spec().name() + "': " + bug.getClass().getSimpleName());
        }
    }

    /** DEBUG DIGEST: 40 hex chars, equal for equal contents and expiries. */
    public String digest() {
        return keyspace.digest();
    }

    /**
     * Writes a snapshot of the whole keyspace. Stop-the-world for now: call it on the apply
     * thread (see docs/store.md for the copy-on-write plan that moves it off that thread).
     */
    public void writeSnapshot(java.io.OutputStream out) throws java.io.IOException {
        SnapshotCodec.write(keyspace, out);
    }

    /** Replaces the keyspace with a snapshot's content; on error the keyspace is unchanged. */
    public void readSnapshot(java.io.InputStream in) throws java.io.IOException {
        SnapshotCodec.read(keyspace, in);
    }

    /** Keys physically held (DBSIZE). */
    public long size() {
        return keyspace.size();
    }
}
