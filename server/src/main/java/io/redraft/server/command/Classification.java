package io.redraft.server.command;

import java.util.List;

/**
 * A request as the table sees it, worked out once when it is decoded: its command (or, for an
 * unknown subcommand, its container; null for an unknown name), its route, whether the argument
 * count fits, and its keys (positions in the request as sent, flags). Slot routing and ACL
 * checks read it; the dispatchers route by {@link #route()}.
 *
 * @param prefixed whether the request came as {@code RAFT <command>}: command, route and keys are
 *                 then the inner command's, and key positions still count the RAFT word
 */
public record Classification(ServerCommand command, Route route, boolean arityOk, List<KeyRef> keys,
                             boolean prefixed) {
    public Classification {
        keys = List.copyOf(keys);
    }

    public boolean known() {
        return command != null;
    }

    public boolean has(String flag) {
        return command != null && command.info().has(flag);
    }

    public List<String> flags() {
        return command == null ? List.of() : command.info().flags();
    }

    /** ACL categories without the '@' (e.g. {@code read}, {@code string}, {@code fast}). */
    public List<String> aclCategories() {
        return command == null ? List.of() : command.info().aclCategories();
    }
}
