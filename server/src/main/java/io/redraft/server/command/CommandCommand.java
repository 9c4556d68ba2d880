package io.redraft.server.command;

import io.redraft.resp.ReplySink;
import io.redraft.store.Glob;
import io.redraft.store.docs.CommandDocs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * COMMAND and its subcommands (COUNT, LIST [FILTERBY MODULE|ACLCAT|PATTERN], INFO, DOCS, GETKEYS,
 * GETKEYSANDFLAGS, HELP), generated from the {@link ServerCommandTable} in Redis 7.0's reply
 * shapes. They show what this server answers: commands it runs and commands it refuses by design,
 * with the subcommands it runs; not the Redis commands it does not implement (docs/commands.md).
 */
public final class CommandCommand {
    private final ServerCommandTable table;

    public CommandCommand() {
        this(ServerCommandTable.get());
    }

    CommandCommand(ServerCommandTable table) {
        this.table = table;
    }

    /** Runs {@code COMMAND ...}; argv[0] is COMMAND. */
    public void run(byte[][] argv, ReplySink out) {
        if (argv.length == 1) {
            List<ServerCommand> listed = table.listed();
            out.arrayHeader(listed.size());
            for (ServerCommand c : listed) info(c, out);
            return;
        }
        String sub = ServerCommandTable.lower(argv[1]);
        ServerCommand spec = table.lookup("command|" + sub);
        if (spec == null || !table.isListed(spec)) {
            out.error("ERR unknown subcommand '" + truncate(text(argv[1])) + "'. Try COMMAND HELP.");
            return;
        }
        if (!spec.info().arityOk(argv.length)) {
            out.error("ERR wrong number of arguments for '" + spec.name() + "' command");
            return;
        }
        switch (sub) {
            case "count" -> out.integer(table.listed().size());
            case "list" -> list(argv, out);
            case "info" -> {
                if (argv.length == 2) {
                    run(new byte[][] {argv[0]}, out);
                    return;
                }
                out.arrayHeader(argv.length - 2);
                for (int k = 2; k < argv.length; k++) {
                    ServerCommand c = table.lookup(text(argv[k]));
                    if (c == null || !table.isListed(c)) out.nullBulk();
                    else info(c, out);
                }
            }
            case "docs" -> docs(argv, out);
            case "getkeys" -> getKeys(argv, false, out);
            case "getkeysandflags" -> getKeys(argv, true, out);
            default -> help(out);
        }
    }

    /** One command's ten COMMAND INFO fields, with its listed subcommands as the tenth. */
    private void info(ServerCommand c, ReplySink out) {
        CommandInfo i = c.info();
        out.arrayHeader(10);
        out.bulk(bytes(i.name()));
        out.integer(i.arity());
        out.setHeader(i.flags().size());
        for (String f : i.flags()) out.status(f);
        out.integer(i.firstKey());
        out.integer(i.lastKey());
        out.integer(i.step());
        out.setHeader(i.aclCategories().size());
        for (String a : i.aclCategories()) out.status("@" + a);
        out.setHeader(i.tips().size());
        for (String t : i.tips()) out.bulk(bytes(t));
        out.setHeader(i.keySpecs().size());
        for (KeySpec k : i.keySpecs()) k.write(out);
        List<ServerCommand> subs = listedSubcommands(i.name());
        if (table.subcommands(i.name()).isEmpty()) {
            out.setHeader(0);
        } else {
            out.arrayHeader(subs.size());
            for (ServerCommand s : subs) info(s, out);
        }
    }

    private List<ServerCommand> listedSubcommands(String name) {
        List<ServerCommand> out = new ArrayList<>();
        for (ServerCommand s : table.subcommands(name)) if (s.listed()) out.add(s);
        return out;
    }

    private void list(byte[][] argv, ReplySink out) {
        Predicate<ServerCommand> filter;
        if (argv.length == 2) {
            filter = c -> true;
        } else if (argv.length == 5 && text(argv[2]).equalsIgnoreCase("filterby")) {
            String arg = text(argv[4]);
            switch (text(argv[3]).toLowerCase(Locale.ROOT)) {
                case "module" -> filter = c -> arg.equals(module(c));
                case "aclcat" -> filter = c -> c.info().aclCategories().stream().anyMatch(a -> a.equalsIgnoreCase(arg));
                case "pattern" -> filter = c -> Glob.matchesIgnoreCase(arg, c.name());
                default -> {
                    out.error("ERR syntax error");
                    return;
                }
            }
        } else {
            out.error("ERR syntax error");
            return;
        }
        List<String> names = new ArrayList<>();
        for (ServerCommand c : table.all()) if (table.isListed(c) && filter.test(c)) names.add(c.name());
        out.arrayHeader(names.size());
        for (String n : names) out.bulk(bytes(n));
    }

    /** The module a command belongs to: RedisRaft's commands are the "raft" module's, as RedisRaft registers them. */
    private String module(ServerCommand c) {
        ServerCommand top = c.isSubcommand() ? table.lookup(c.info().container()) : c;
        return top.info().has("module") ? "raft" : null;
    }

    private void docs(byte[][] argv, ReplySink out) {
        List<String> names = new ArrayList<>();
        if (argv.length == 2) {
            for (ServerCommand c : table.listed()) names.add(c.name());
        }
        for (int k = 2; k < argv.length; k++) {
            ServerCommand c = table.lookup(text(argv[k]));
            if (c != null && table.isListed(c)) names.add(c.name());
        }
        out.mapHeader(names.size());
        for (String n : names) {
            out.bulk(bytes(n));
            // Redis's documentation (arguments drive redis-cli's hints), with only the subcommands
            // this server answers; RAFT.* and Redraft's own have none.
            CommandDocs.write(n, s -> {
                ServerCommand c = table.lookup(s);
                return c != null && c.listed();
            }, out);
        }
    }

    /** COMMAND GETKEYS / GETKEYSANDFLAGS, with Redis's errors. */
    private void getKeys(byte[][] argv, boolean withFlags, ReplySink out) {
        ServerCommand c = table.resolve(argv, 2);
        if (c == null || !table.isListed(c)) {
            out.error("ERR Invalid command specified");
            return;
        }
        if (!KeyFinder.hasKeys(c.info())) {
            out.error("ERR The command has no key arguments");
            return;
        }
        if (!c.info().arityOk(argv.length - 2)) {
            out.error("ERR Invalid number of arguments specified for command");
            return;
        }
        List<KeyRef> keys = table.keys(c, argv, 2);
        if (keys.isEmpty() && !c.info().has("no_mandatory_keys")) {
            out.error("ERR Invalid arguments specified for command");
            return;
        }
        out.arrayHeader(keys.size());
        for (KeyRef k : keys) {
            if (!withFlags) {
                out.bulk(argv[k.pos()]);
                continue;
            }
            out.arrayHeader(2);
            out.bulk(argv[k.pos()]);
            out.setHeader(k.flags().size());
            for (String f : k.flags()) out.status(f);
        }
    }

    /** Our own wording of the subcommands (Redis's help text is its prose). */
    private static void help(ReplySink out) {
        String[] lines = {
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "(no subcommand)",
            "    The details of every command this server answers.",
            "COUNT",
            "    How many commands this server answers.",
            "LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]",
            "    The names of the commands this server answers, subcommands included.",
            "INFO [<command-name> ...]",
            "    The details of the named commands (all of them without names).",
            "DOCS [<command-name> ...]",
            "    The documentation of the named commands (all of them without names).",
            "GETKEYS <full-command>",
            "    The keys of a full command.",
            "GETKEYSANDFLAGS <full-command>",
            "    The keys of a full command, with how it accesses each.",
            "HELP",
            "    This text.",
        };
        out.arrayHeader(lines.length);
        for (String l : lines) out.status(l);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String truncate(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
