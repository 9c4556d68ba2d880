package io.redraft.store.keys;

import io.redraft.store.Call;
import io.redraft.store.CommandTable;

/** Generic keyspace commands (Redis's db.c and expire.c). */
public final class KeyCommands {
    private KeyCommands() {
    }

    public static void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1, KeyCommands::del);
        t.add("unlink", -2, "write fast", 1, -1, 1, KeyCommands::del);
        t.add("exists", -2, "readonly fast", 1, -1, 1, KeyCommands::exists);
    }

    static void del(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.ks().getForWrite(c.key(i), c.now()) != null && c.ks().remove(c.key(i))) {
                n++;
            }
        }
        c.out().integer(n);
    }

    static void exists(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.ks().get(c.key(i), c.now()) != null) {
                n++;
            }
        }
        c.out().integer(n);
    }
}
