package io.redraft.server.node;

import static io.redraft.server.node.Replies.lower;
import static io.redraft.server.node.Replies.str;

import io.redraft.resp.ReplySink;
import io.redraft.store.CommandFlag;
import io.redraft.store.CommandSpec;
import io.redraft.store.Store;
import io.redraft.store.docs.CommandDocs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * COMMAND [COUNT | LIST | INFO name... | DOCS [name...]]: the store's command table plus the
 * commands the node itself runs. COMMAND INFO has Redis 7's ten fields per command; DOCS has no
 * documentation yet (an empty map per command).
 */
final class CommandCommand {
    /** Node-level commands: name, arity, flags (as Redis spells them). */
    private static final String[][] LOCAL = {
            {"auth", "-2", "noscript loading stale fast no_auth allow_busy"},
            {"hello", "-1", "noscript loading stale fast no_auth allow_busy"},
            {"quit", "-1", "allow_busy noscript loading stale fast no_auth"},
            {"client", "-2", ""},
            {"config", "-2", ""},
            {"command", "-1", "loading stale"},
            {"info", "-1", "loading stale"},
            {"time", "1", "loading stale fast"},
            {"select", "2", "loading stale fast"},
            {"multi", "1", "noscript loading stale fast allow_busy"},
            {"exec", "1", "noscript loading stale skip_slowlog"},
            {"discard", "1", "noscript loading stale fast allow_busy"},
            {"raft", "-2", "write"},
            {"raft.cluster", "-2", "admin"},
            {"raft.node", "-2", "admin"},
            {"raft.ae", "-5", "write"},
            {"raft.requestvote", "4", "admin"},
            {"raft.snapshot", "5", "admin"},
            {"raft.timeout_now", "-1", "admin"},
    };

    private record Info(String name, int arity, List<String> flags, int firstKey, int lastKey, int step, List<String> tips) {}

    private final Map<String, Info> all = new TreeMap<>();

    CommandCommand() {
        for (CommandSpec s : Store.commands().specs()) {
            if (s.name().contains("|") || s.has(CommandFlag.INTERNAL)) continue;
            List<String> flags = new ArrayList<>();
            List<String> tips = new ArrayList<>();
            for (CommandFlag f : s.flags()) {
                switch (f) {
                    case RANDOM -> tips.add("nondeterministic_output");
                    case INTERNAL -> { }
                    default -> flags.add(f.name().toLowerCase(Locale.ROOT));
                }
            }
            all.put(s.name(), new Info(s.name(), s.arity(), flags, s.firstKey(), s.lastKey(), s.step(), tips));
        }
        for (String[] l : LOCAL) {
            all.putIfAbsent(l[0], new Info(l[0], Integer.parseInt(l[1]),
                    l[2].isEmpty() ? List.of() : List.of(l[2].split(" ")), 0, 0, 0, List.of()));
        }
    }

    void run(ClientSession s, byte[][] argv, ReplySink out) {
        if (argv.length == 1) {
            out.arrayHeader(all.size());
            for (Info i : all.values()) info(i, out);
            return;
        }
        String sub = lower(argv[1]);
        s.lastCommand = "command|" + sub;
        switch (sub) {
            case "count" -> {
                if (argv.length != 2) out.error(Replies.arity("command|count"));
                else out.integer(all.size());
            }
            case "list" -> {
                if (argv.length != 2) {
                    out.error(Replies.SYNTAX);
                    return;
                }
                out.arrayHeader(all.size());
                for (String n : all.keySet()) out.bulk(Replies.bytes(n));
            }
            case "info" -> {
                if (argv.length == 2) {
                    out.arrayHeader(all.size());
                    for (Info i : all.values()) info(i, out);
                    return;
                }
                out.arrayHeader(argv.length - 2);
                for (int k = 2; k < argv.length; k++) {
                    Info i = all.get(lower(argv[k]));
                    if (i == null) out.nullArray();
                    else info(i, out);
                }
            }
            case "docs" -> {
                List<String> names = new ArrayList<>();
                if (argv.length == 2) names.addAll(all.keySet());
                for (int k = 2; k < argv.length; k++) if (all.containsKey(lower(argv[k]))) names.add(lower(argv[k]));
                out.mapHeader(names.size());
                for (String n : names) {
                    out.bulk(Replies.bytes(n));
                    // Redis's documentation of the command (arguments drive redis-cli's hints),
                    // listing only the subcommands this server runs; RAFT.* have none.
                    CommandDocs.write(n, CommandCommand::runs, out);
                }
            }
            default -> out.error(Replies.unknownSubcommand(argv[1], "command"));
        }
    }

    private static void info(Info i, ReplySink out) {
        out.arrayHeader(10);
        out.bulk(Replies.bytes(i.name()));
        out.integer(i.arity());
        out.setHeader(i.flags().size());
        for (String f : i.flags()) out.status(f);
        out.integer(i.firstKey());
        out.integer(i.lastKey());
        out.integer(i.step());
        out.setHeader(0);
        out.setHeader(i.tips().size());
        for (String t : i.tips()) out.status(t);
        out.arrayHeader(0);
        out.arrayHeader(0);
    }

    static String name(byte[] b) {
        return str(b);
    }

    /** Whether this server runs the subcommand named "container|sub". */
    private static boolean runs(String subcommand) {
        int bar = subcommand.indexOf('|');
        if (bar < 0) return Store.commands().lookup(subcommand) != null;
        var argv = List.of(Replies.bytes(subcommand.substring(0, bar)), Replies.bytes(subcommand.substring(bar + 1)));
        var e = Store.commands().resolve(argv);
        return e != null && e.spec().name().equals(subcommand);
    }
}
