package io.redraft.store.server;

import io.redraft.store.Call;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;

/** Connection and server commands that touch the keyspace or need no server state. */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(CommandTable t) {
        t.add("ping", -1, "fast", 0, 0, 0, ServerCommands::ping);
        t.add("echo", 2, "loading stale fast", 0, 0, 0, c -> c.out().bulk(c.arg(1)));
        t.add("dbsize", 1, "readonly fast", 0, 0, 0, c -> c.out().integer(c.ks().size()));
        t.add("flushall", -1, "write", 0, 0, 0, ServerCommands::flush);
        t.add("flushdb", -1, "write", 0, 0, 0, ServerCommands::flush);
        MemoryCommands.register(t);
        t.add(EXPIRE_SWEEP, 3, "write internal", 0, 0, 0, ServerCommands::expireSweep);
        t.add(DEBUG_POPULATE, 4, "write denyoom internal", 0, 0, 0, ServerCommands::populate);
    }

    /**
     * The logged form of Redis's {@code DEBUG POPULATE count [prefix] [size]}, arguments checked
     * and defaults filled in by the server: {@code DEBUG-POPULATE <count> <prefix> <size>}.
     */
    public static final String DEBUG_POPULATE = "debug-populate";

    /**
     * As Redis's debug.c: keys {@code prefix:N} (the prefix up to a NUL, the name cut at 127
     * bytes) for N below count, skipping existing keys; value {@code value:N}, or with a size,
     * that text cut or padded with zero bytes to exactly size bytes.
     */
    static void populate(Call c) {
        long count = c.longArg(1);
        byte[] prefix = c.arg(2);
        int nul = 0;
        while (nul < prefix.length && prefix[nul] != 0) nul++;
        String pre = new String(prefix, 0, nul, java.nio.charset.StandardCharsets.ISO_8859_1);
        long size = c.longArg(3);
        if (count < 0 || size < 0 || size > 512L << 20) {
            throw new io.redraft.store.CommandError("ERR value is out of range, must be positive");
        }
        for (long j = 0; j < count; j++) {
            byte[] name = (pre + ":" + j).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (name.length > 127) name = java.util.Arrays.copyOf(name, 127);
            io.redraft.store.Bytes key = io.redraft.store.Bytes.wrap(name);
            if (c.ks().getForWrite(key, c.now()) != null) continue;
            byte[] text = ("value:" + j).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            byte[] value = size == 0 ? text : java.util.Arrays.copyOf(text, (int) size);
            c.ks().put(key, new io.redraft.store.string.StringValue(value));
        }
        c.ok();
    }

    /**
     * The internal command the leader logs to delete expired keys physically:
     * {@code EXPIRE-SWEEP <from-slot> <max-keys>}. It deletes up to max-keys keys whose expiry
     * is at or before the entry's now, scanning slots from from-slot, and replies
     * {@code [next-from-slot, deleted]} (next-from-slot 0 after a full pass). Clients must not
     * send it: the server rejects commands flagged INTERNAL.
     */
    public static final String EXPIRE_SWEEP = "expire-sweep";

    static void expireSweep(Call c) {
        long from = c.longArg(1);
        long max = c.longArg(2);
        if (from < 0 || from >= io.redraft.store.HashSlot.SLOTS || max < 1) {
            throw new io.redraft.store.CommandError(Errors.NOT_INTEGER);
        }
        long[] deleted = new long[1];
        int next = c.ks().sweepExpired(c.now(), (int) from, (int) Math.min(max, Integer.MAX_VALUE),
                k -> deleted[0]++);
        c.out().arrayHeader(2);
        c.out().integer(next);
        c.out().integer(deleted[0]);
    }

    static void ping(Call c) {
        if (c.argc() > 2) {
            throw new io.redraft.store.CommandError("ERR wrong number of arguments for 'ping' command");
        }
        if (c.argc() == 1) {
            c.out().status("PONG");
        } else {
            c.out().bulk(c.arg(1));
        }
    }

    static void flush(Call c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.argIs(1, "sync") && !c.argIs(1, "async"))) {
            throw Errors.syntax();
        }
        c.ks().clear();
        c.ok();
    }
}
