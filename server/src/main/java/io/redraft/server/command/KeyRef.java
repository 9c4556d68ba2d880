package io.redraft.server.command;

import java.util.List;

/** A key argument: its index in argv (0 is the command name) and its access flags (RW, access, ...). */
public record KeyRef(int pos, List<String> flags) {
    public KeyRef {
        flags = List.copyOf(flags);
    }
}
