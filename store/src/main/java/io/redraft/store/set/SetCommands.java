package io.redraft.store.set;

import io.redraft.store.CommandTable;

/** Set commands. */
public final class SetCommands {
    private SetCommands() {
    }

    public static void register(CommandTable t) {
    }
}
