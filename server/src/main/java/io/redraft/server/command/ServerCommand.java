package io.redraft.server.command;

import io.redraft.store.CommandTable;

/**
 * One entry of the server's command table: the command's facts, where requests for it go, and
 * for a refused or not yet implemented command the error a client gets and why.
 *
 * @param origin   where the facts come from: {@code redis} (Redis 7.0), {@code raft} (RedisRaft's
 *                 module commands), {@code redraft} (Redraft's own) or {@code store} (internal)
 * @param refusal  the error reply of a {@link Route#REFUSED} command (without the '-'), else null
 * @param reason   why it is refused or routed so, for docs/commands.md; may be empty
 * @param storeEntry the store's entry for this command or subcommand (a container's has no handler),
 *                 null when the store does not run it: found once here, not for every request
 */
public record ServerCommand(CommandInfo info, Route route, String origin, String refusal, String reason,
                            CommandTable.Entry storeEntry) {
    public String name() {
        return info.name();
    }

    public boolean listed() {
        return route.listed();
    }

    public boolean isSubcommand() {
        return info.container() != null;
    }
}
