package io.redraft.store.server;

import io.redraft.store.Call;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;

/** Connection and server commands that touch the keyspace or need no server state. */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void register(CommandTable t) {
        t.add("ping", -1, "fast stale", 0, 0, 0, ServerCommands::ping);
        t.add("echo", 2, "fast", 0, 0, 0, c -> c.out().bulk(c.arg(1)));
        t.add("dbsize", 1, "readonly fast", 0, 0, 0, c -> c.out().integer(c.ks().size()));
        t.add("flushall", -1, "write", 0, 0, 0, ServerCommands::flush);
        t.add("flushdb", -1, "write", 0, 0, 0, ServerCommands::flush);
        t.add(EXPIRE_SWEEP, 3, "write internal", 0, 0, 0, ServerCommands::expireSweep);
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
