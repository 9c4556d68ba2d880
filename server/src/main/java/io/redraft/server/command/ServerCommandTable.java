package io.redraft.server.command;

import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import io.redraft.store.CommandTable;
import io.redraft.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's one command table: every Redis 7.0 command and subcommand, RedisRaft's RAFT.*
 * commands, Redraft's own, and the store's internal ones, each with its facts (COMMAND INFO) and
 * its {@link Route}. Layered over the store's {@link CommandTable}: what the store runs is routed
 * by its write flag; what the server runs itself, refuses, or does not run yet is decided in
 * {@link Routes}. COMMAND and its subcommands are generated from it; {@link #classify} is the
 * routing decision for one request.
 */
public final class ServerCommandTable {
    private static final ServerCommandTable INSTANCE = new ServerCommandTable(DataCommands.table());

    /** Redis 7.0.15's COMMAND INFO, RedisRaft's module commands, Redraft's own additions. */
    static final String REDIS = "redis-7.0.tsv", REDISRAFT = "redisraft.tsv", REDRAFT = "redraft.tsv";

    private final Map<String, ServerCommand> commands = new TreeMap<>();
    /** The same entries hashed: {@link #resolve} runs for every request, the ordered map serves listings. */
    private final Map<String, ServerCommand> byName = new java.util.HashMap<>();
    private final Map<String, List<ServerCommand>> subcommands = new TreeMap<>();
    private final CommandTable store;

    ServerCommandTable(CommandTable store) {
        this.store = store;
        for (CommandInfo i : CommandInfo.load(REDIS)) add(i, "redis");
        for (CommandInfo i : CommandInfo.load(REDISRAFT)) add(i, "raft");
        for (CommandInfo i : CommandInfo.load(REDRAFT)) add(i, "redraft");
        for (CommandSpec s : store.specs()) {
            if (!commands.containsKey(s.name())) add(fromStore(s), "store");
        }
    }

    public static ServerCommandTable get() {
        return INSTANCE;
    }

    private void add(CommandInfo info, String origin) {
        if (commands.containsKey(info.name())) throw new IllegalStateException("twice in the table: " + info.name());
        ServerCommand c = decide(info, origin);
        commands.put(info.name(), c);
        byName.put(info.name(), c);
        if (info.container() != null) subcommands.computeIfAbsent(info.container(), k -> new ArrayList<>()).add(c);
    }

    private ServerCommand decide(CommandInfo info, String origin) {
        String name = info.name();
        String top = info.container() == null ? name : info.container();
        String sub = info.container() == null ? null : name.substring(top.length() + 1);
        CommandTable.Entry entry = storeEntry(name);
        Route route;
        if (top.equals(Routes.PREFIX)) route = Route.PREFIX;
        else if (Routes.NODE.containsKey(top)) route = sub == null || Routes.NODE.get(top).contains(sub) ? Route.NODE
                : entry != null && entry.spec() != null ? storeRoute(entry.spec()) : Route.NOT_IMPLEMENTED; // ACL SETUSER: logged
        else if (Routes.LOCAL.containsKey(top)) route = sub == null || Routes.LOCAL.get(top).contains(sub) ? Route.LOCAL : Route.NOT_IMPLEMENTED;
        else if (Routes.TRANSACTION.contains(top)) route = Route.TRANSACTION;
        else if (Routes.ADMIN.contains(top)) route = Route.ADMIN;
        else if (Routes.REFUSED.containsKey(top)) {
            return new ServerCommand(info, Route.REFUSED, origin, Routes.NOT_SUPPORTED, Routes.REFUSED.get(top), entry);
        } else {
            CommandSpec spec = entry == null ? null : entry.spec();
            if (spec == null) route = Route.NOT_IMPLEMENTED;
            else if (spec.has(CommandFlag.INTERNAL)) route = Route.INTERNAL;
            else route = storeRoute(spec);
            if (route == Route.REPLICATED && !info.has("write")) {
                // As RedisRaft, whatever Redis does not flag readonly is logged. PFCOUNT is readonly
                // to Redis but may rewrite the value's cached cardinality (Redis's hidden
                // may_replicate), so every replica must run it too.
                return new ServerCommand(info, route, origin, null, info.has("readonly")
                        ? "may rewrite the value it reads: through the log" : "not flagged readonly: through the log", entry);
            }
        }
        return new ServerCommand(info, route, origin, null, Routes.reason(top, route), entry);
    }

    /** A store command's path: a read only when flagged readonly, else a write (RedisRaft's rule). */
    private static Route storeRoute(CommandSpec spec) {
        return spec.has(CommandFlag.READONLY) ? Route.READ_INDEX : Route.REPLICATED;
    }

    /** The store's entry of a command or subcommand by full name, or null when the store does not run it. */
    private CommandTable.Entry storeEntry(String name) {
        int bar = name.indexOf('|');
        if (bar < 0) return store.resolve(List.of(bytes(name)));
        CommandTable.Entry e = store.resolve(List.of(bytes(name.substring(0, bar)), bytes(name.substring(bar + 1))));
        return e != null && e.spec().name().equals(name) ? e : null;
    }

    /** Facts for a store command Redis does not have (the internal ones): its spec, no ACL categories. */
    private static CommandInfo fromStore(CommandSpec s) {
        List<String> flags = new ArrayList<>();
        for (CommandFlag f : s.flags()) {
            if (f != CommandFlag.RANDOM && f != CommandFlag.INTERNAL) flags.add(f.name().toLowerCase(Locale.ROOT));
        }
        return new CommandInfo(s.name(), s.arity(), flags, s.firstKey(), s.lastKey(), s.step(), List.of(), List.of(),
                List.of());
    }

    /** A command or subcommand ({@code object|encoding}) by name, any case; null when not in the table. */
    public ServerCommand lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every entry, subcommands included, by name. */
    public Collection<ServerCommand> all() {
        return Collections.unmodifiableCollection(commands.values());
    }

    /** The top-level commands COMMAND lists: those the server answers (run or refused), by name. */
    public List<ServerCommand> listed() {
        List<ServerCommand> out = new ArrayList<>();
        for (ServerCommand c : commands.values()) if (!c.isSubcommand() && c.listed()) out.add(c);
        return out;
    }

    /** A container's subcommands (all of them, listed or not), by name; empty for a plain command. */
    public List<ServerCommand> subcommands(String container) {
        return subcommands.getOrDefault(container, List.of());
    }

    /** Whether COMMAND lists this entry: a listed top-level command, or a listed subcommand of one. */
    public boolean isListed(ServerCommand c) {
        if (!c.listed()) return false;
        String top = c.info().container();
        return top == null || commands.get(top).listed();
    }

    /**
     * The entry argv names: a subcommand when the command has subcommands and the second word is
     * one, the command itself otherwise (so an unknown subcommand, or one a command the server runs
     * does not, resolves to its container); null for an unknown name.
     */
    public ServerCommand resolve(byte[][] argv, int from) {
        if (argv.length <= from) return null;
        String name = lower(argv[from]);
        ServerCommand c = byName.get(name);
        if (c == null || c.isSubcommand()) return null;
        if (argv.length > from + 1 && subcommands.containsKey(name)) {
            ServerCommand sub = byName.get(name + "|" + lower(argv[from + 1]));
            // A subcommand the server does not run is the container's to answer (unknown subcommand).
            if (sub != null && (sub.listed() || !c.listed())) return sub;
        }
        return c;
    }

    /**
     * The routing decision for one request, taken once when it is decoded: its command, route,
     * arity check and keys. {@code RAFT <command>} is classified as its inner command, which then
     * always takes the intercepted path: a node-local command inside it is run by the store when
     * the store has it (RAFT PING goes through the log), else it is unknown.
     */
    public Classification classify(byte[][] argv) {
        if (argv.length >= 2 && isRaftPrefix(argv[0])) {
            Classification inner = classify(argv, 1);
            Route route = inner.route();
            if (route == Route.NODE && !inner.command().name().equals("info") && !isSessionNew(argv, 1)) {
                CommandTable.Entry e = inner.command().storeEntry();
                CommandSpec spec = e == null ? null : e.spec();
                route = spec == null ? Route.NOT_IMPLEMENTED : storeRoute(spec);
            }
            return inner.prefixedAs(route);
        }
        return classify(argv, 0);
    }

    private Classification classify(byte[][] argv, int from) {
        ServerCommand c = resolve(argv, from);
        if (c == null) return new Classification(null, Route.NOT_IMPLEMENTED, false, argv, from, false);
        boolean arityOk = c.info().arityOk(argv.length - from);
        // CLIENT SESSION NEW opens a client session: a logged write (docs/protocol.md).
        Route route = isSessionNew(argv, from) ? Route.REPLICATED : c.route();
        return new Classification(c, route, arityOk, argv, from, false);
    }

    private static boolean isSessionNew(byte[][] argv, int from) {
        return argv.length - from == 3 && lower(argv[from]).equals("client") && lower(argv[from + 1]).equals("session")
                && lower(argv[from + 2]).equals("new");
    }

    /** Keys of argv (argv[from] the command) as Redis's COMMAND GETKEYS finds them; empty if none. */
    public List<KeyRef> keys(ServerCommand c, byte[][] argv, int from) {
        return KeyFinder.find(c.info(), argv, from);
    }

    /** Whether a word is {@code RAFT} in any case, without making a string of every request's name. */
    private static boolean isRaftPrefix(byte[] w) {
        return w.length == 4 && (w[0] | 0x20) == 'r' && (w[1] | 0x20) == 'a' && (w[2] | 0x20) == 'f' && (w[3] | 0x20) == 't';
    }

    static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
