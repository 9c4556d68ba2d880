package io.redraft.store;

import io.redraft.resp.ReplySink;
import io.redraft.store.dump.DumpCommands;
import io.redraft.store.geo.GeoCommands;
import io.redraft.store.hash.HashCommands;
import io.redraft.store.hll.HllCommands;
import io.redraft.store.keys.KeyCommands;
import io.redraft.store.keys.SingleDatabase;
import io.redraft.store.list.ListCommands;
import io.redraft.store.server.ServerCommands;
import io.redraft.store.set.SetCommands;
import io.redraft.store.sort.SortCommands;
import io.redraft.store.stream.StreamCommands;
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
    private final CommandTable table;
    private final List<StoreExtension> extensions;

    /** A store with the built-in commands only (they share one static table). */
    public Store() {
        this.table = TABLE;
        this.extensions = List.of();
    }

    /**
     * A store whose table also holds the extensions' commands (e.g. scripting). Such a store has
     * a table of its own, since extension handlers hold per-store state (the script cache).
     */
    public Store(StoreExtension... extensions) {
        this.extensions = List.of(extensions);
        if (extensions.length == 0) {
            this.table = TABLE;
            return;
        }
        this.table = buildTable();
        for (StoreExtension ext : extensions) {
            ext.register(table, this);
        }
    }

    private static CommandTable buildTable() {
        CommandTable t = new CommandTable();
        ServerCommands.register(t);
        StringCommands.register(t);
        KeyCommands.register(t);
        HashCommands.register(t);
        ListCommands.register(t);
        io.redraft.store.list.BlockingListCommands.register(t);
        SetCommands.register(t);
        ZSetCommands.register(t);
        io.redraft.store.zset.BlockingZSetCommands.register(t);
        HllCommands.register(t);
        DumpCommands.register(t);
        GeoCommands.register(t);
        SortCommands.register(t);
        SingleDatabase.register(t);
        StreamCommands.register(t);
        // Heads the command list of an EXEC with watched keys; the server evaluates it with
        // watchedUnchanged before running the rest. Executed alone it just reports the check.
        t.add(EXEC_WATCHED, -1, "readonly internal", 0, 0, 0,
                c -> c.out().integer(unchanged(c.ks(), c.argv(), c.now()) ? 1 : 0));
        // Stands in an EXEC for a queued command the user may no longer run: replies its error.
        t.add(EXEC_DENIED, 2, "readonly internal", 0, 0, 0, c -> c.out().error(c.argString(1)));
        return t;
    }

    private java.util.function.BiConsumer<String, RuntimeException> internalErrors = (command, bug) -> { };

    /** Hears each exception a command threw (a bug: the client gets "internal error"), to log it. */
    public void onInternalError(java.util.function.BiConsumer<String, RuntimeException> listener) {
        this.internalErrors = listener;
    }

    /** The built-in command table (shared, immutable after class init). */
    public static CommandTable commands() {
        return TABLE;
    }

    /** This store's command table: the built-in commands plus its extensions' ones. */
    public CommandTable commandTable() {
        return table;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /**
     * Runs one command and writes its reply to {@code out}, including Redis's errors for an
     * unknown command or a wrong number of arguments.
     */
    public void execute(List<byte[]> argv, ExecContext ctx, ReplySink out) {
        CommandTable.Entry e = table.resolve(argv);
        if (e == null) {
            out.error(table.unknownError(argv));
            return;
        }
        if (!e.spec().arityOk(argv.size()) || e.handler() == null) {
            out.error(CommandTable.arityError(e.spec()));
            return;
        }
        keyspace.clock().set(ctx.nowMillis());
        keyspace.listen(ctx.events());
        try {
            e.handler().run(new Call(argv, ctx, keyspace, out, e.spec()));
        } catch (CommandError err) {
            out.error(err.getMessage());
        } catch (RuntimeException bug) {
            // A bug, not a user error. Every replica applying the entry hits it the same way,
            // so replying beats killing the node; a partial reply may precede this error.
            internalErrors.accept(e.spec().name(), bug);
            out.error("ERR internal error in '" + e.spec().name() + "': " + bug.getClass().getSimpleName());
        } finally {
            keyspace.listen(null);
        }
    }

    /** DEBUG DIGEST: 40 hex chars, equal for equal contents and expiries. */
    public String digest() {
        return keyspace.digest();
    }

    /**
     * Opens a point-in-time view of the keyspace for a snapshot (see {@link Keyspace#freeze()}):
     * hand it to {@code RdbWriter.write} on a background thread while this store keeps applying,
     * then call {@link #releaseSnapshotView()} on this store's thread.
     */
    public Keyspace openSnapshotView() {
        return keyspace.freeze();
    }

    /** The snapshot view is written (or abandoned): stop preserving values for it. */
    public void releaseSnapshotView() {
        keyspace.releaseView();
    }

    /**
     * The extensions' replicated state (script cache, function libraries) for a snapshot, captured
     * now: take it with {@link #openSnapshotView()} and write both with {@code RdbWriter.write}.
     */
    public io.redraft.store.rdb.RdbExtras snapshotExtras() {
        if (extensions.isEmpty()) return io.redraft.store.rdb.RdbExtras.NONE;
        java.util.Map<String, byte[]> aux = new java.util.LinkedHashMap<>();
        List<byte[]> functions = new java.util.ArrayList<>();
        for (StoreExtension e : extensions) e.saveTo(aux, functions);
        return new io.redraft.store.rdb.RdbExtras(aux, functions);
    }

    /** This store's extension of {@code type}, or null. */
    public <T extends StoreExtension> T extension(Class<T> type) {
        for (StoreExtension e : extensions) if (type.isInstance(e)) return type.cast(e);
        return null;
    }

    /** Replaces the extensions' state with a loaded file's ({@code RdbReader.read(..).extras()}). */
    public void installExtras(io.redraft.store.rdb.RdbExtras extras) {
        for (StoreExtension e : extensions) e.loadFrom(extras);
    }

    /** Replaces the whole keyspace with a loaded one (e.g. {@code RdbReader.read(..).keyspace()}). */
    public void install(Keyspace loaded) {
        keyspace.replaceWith(loaded);
    }

    /**
     * Writes the store's private snapshot encoding (SnapshotCodec), stop-the-world. The server's
     * snapshots are RDB files written from {@link #openSnapshotView()}; this remains for tools
     * and tests.
     */
    public void writeSnapshot(java.io.OutputStream out) throws java.io.IOException {
        SnapshotCodec.write(keyspace, out);
    }

    /** Replaces the keyspace with a snapshot's content; on error the keyspace is unchanged. */
    public void readSnapshot(java.io.InputStream in) throws java.io.IOException {
        SnapshotCodec.read(keyspace, in);
    }

    /**
     * WATCH's version of a key: a SHA-1 of its type, absolute expiry and content as a read at
     * {@code now} sees it, or "" when the key is absent or expired. The leader records it at
     * WATCH and the EXEC entry carries it, so every replica takes the same abort decision (see
     * {@link #watchedUnchanged}). Unlike Redis, rewriting a key with the very same content and
     * expiry does not count as a change.
     */
    public String keyVersion(byte[] key, long now) {
        return version(keyspace, key, now);
    }

    private static String version(Keyspace keyspace, byte[] key, long now) {
        RedisObject o = keyspace.peek(Bytes.wrap(key), now);
        if (o == null) {
            return "";
        }
        java.security.MessageDigest md = Digests.sha1();
        Digests.updateLong(md, o.type().ordinal());
        Digests.updateLong(md, o.expireAt());
        md.update(o.contentDigest());
        return Digests.hex(md.digest());
    }

    /**
     * EXEC's check, at apply time: {@code argv} is {@code exec-watched key1 version1 key2 ...};
     * true when every key still has the version recorded by WATCH.
     */
    public boolean watchedUnchanged(List<byte[]> argv, long now) {
        return unchanged(keyspace, argv, now);
    }

    private static boolean unchanged(Keyspace keyspace, List<byte[]> argv, long now) {
        for (int i = 1; i + 1 < argv.size(); i += 2) {
            String v = new String(argv.get(i + 1), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!version(keyspace, argv.get(i), now).equals(v)) {
                return false;
            }
        }
        return true;
    }

    /** Name of the pseudo-command that heads a transaction with watched keys. */
    public static final String EXEC_WATCHED = "exec-watched";

    /** Name of the pseudo-command that replaces, in EXEC, a command ACL no longer allows ({@code exec-denied error}). */
    public static final String EXEC_DENIED = "exec-denied";

    /** Keys physically held (DBSIZE). */
    public long size() {
        return keyspace.size();
    }
}
