package io.redraft.store.hash;

import io.redraft.store.CommandTable;

/** Hash commands. */
public final class HashCommands {
    private HashCommands() {
    }

    public static void register(CommandTable t) {
    }
}
