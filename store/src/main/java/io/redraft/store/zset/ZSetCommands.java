package io.redraft.store.zset;

import io.redraft.store.CommandTable;

/** ZSet commands. */
public final class ZSetCommands {
    private ZSetCommands() {
    }

    public static void register(CommandTable t) {
    }
}
