package io.redraft.store.list;

import io.redraft.store.CommandTable;

/** List commands. */
public final class ListCommands {
    private ListCommands() {
    }

    public static void register(CommandTable t) {
    }
}
