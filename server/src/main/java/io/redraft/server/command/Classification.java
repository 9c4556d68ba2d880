package io.redraft.server.command;

import java.util.List;

/**
 * A request as the table sees it, worked out once when it is decoded: its command (or, for an
 * unknown subcommand, its container; null for an unknown name), its route, whether the argument
 * count fits, and its keys (positions in the request as sent, flags). Slot routing and ACL
 * checks read it; the dispatchers route by {@link #route()}.
 *
 * <p>The keys are found on first use: only slot routing and ACL checks need them, and finding
 * them for every pipelined request cost throughput that nothing used.
 */
public final class Classification {
    private final ServerCommand command;
    private final Route route;
    private final boolean arityOk;
    private final boolean prefixed;
    private final byte[][] argv;
    private final int from;
    private List<KeyRef> keys;

    /**
     * @param argv     the request as sent; the command starts at {@code argv[from]}
     * @param prefixed whether the request came as {@code RAFT <command>}: command, route and keys are
     *                 then the inner command's, and key positions still count the RAFT word
     */
    Classification(ServerCommand command, Route route, boolean arityOk, byte[][] argv, int from, boolean prefixed) {
        this.command = command;
        this.route = route;
        this.arityOk = arityOk;
        this.argv = argv;
        this.from = from;
        this.prefixed = prefixed;
    }

    public ServerCommand command() {
        return command;
    }

    public Route route() {
        return route;
    }

    public boolean arityOk() {
        return arityOk;
    }

    public boolean prefixed() {
        return prefixed;
    }

    /** The keys, as Redis's COMMAND GETKEYS finds them; empty for an unknown command or a wrong arity. */
    public List<KeyRef> keys() {
        if (keys == null) {
            keys = command == null || !arityOk ? List.of() : List.copyOf(KeyFinder.find(command.info(), argv, from));
        }
        return keys;
    }

    /** The same request with another route (RAFT &lt;command&gt;), keys found as before. */
    Classification prefixedAs(Route newRoute) {
        return new Classification(command, newRoute, arityOk, argv, from, true);
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
