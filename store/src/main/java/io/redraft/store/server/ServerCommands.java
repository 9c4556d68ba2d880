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
