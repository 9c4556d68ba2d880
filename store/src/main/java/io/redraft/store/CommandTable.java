package io.redraft.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one table of commands the store implements: spec (arity, flags, key positions) and
 * handler. Container commands (OBJECT) hold subcommands named {@code object|encoding}.
 * Lookups are case-insensitive.
 */
public final class CommandTable {
    /** A spec with its implementation. */
    public record Entry(CommandSpec spec, CommandHandler handler) {
    }

    private final Map<String, Entry> commands = new TreeMap<>();
    private final Map<String, Map<String, Entry>> subcommands = new TreeMap<>();

    /** Declares a command; {@code flags} is a space-separated list of {@link CommandFlag} names. */
    public CommandTable add(String name, int arity, String flags, int firstKey, int lastKey, int step,
                            CommandHandler handler) {
        return add(name, arity, flags, firstKey, lastKey, step, null, handler);
    }

    public CommandTable add(String name, int arity, String flags, int firstKey, int lastKey, int step,
                            Function<List<byte[]>, List<Integer>> keyFinder, CommandHandler handler) {
        CommandSpec spec = new CommandSpec(name, arity, parseFlags(flags), firstKey, lastKey, step, keyFinder);
        int bar = name.indexOf('|');
        if (bar < 0) {
            commands.put(name, new Entry(spec, handler));
        } else {
            subcommands.computeIfAbsent(name.substring(0, bar), k -> new TreeMap<>())
                    .put(name.substring(bar + 1), new Entry(spec, handler));
        }
        return this;
    }

    /** Declares a container command (e.g. OBJECT) whose subcommands are added as "name|sub". */
    public CommandTable container(String name, int arity, String flags) {
        commands.put(name, new Entry(new CommandSpec(name, arity, parseFlags(flags), 0, 0, 0, null), null));
        subcommands.computeIfAbsent(name, k -> new TreeMap<>());
        return this;
    }

    private static Set<CommandFlag> parseFlags(String flags) {
        Set<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                set.add(CommandFlag.valueOf(f.toUpperCase(Locale.ROOT)));
            }
        }
        return set;
    }

    /**
     * Resolves argv to a command or subcommand entry, or null if unknown. A container named
     * without a subcommand resolves to the container (so its arity error is reported).
     */
    public Entry resolve(List<byte[]> argv) {
        if (argv.isEmpty()) {
            return null;
        }
        String name = lower(argv.get(0));
        Entry e = commands.get(name);
        if (e == null || e.handler() != null || argv.size() < 2) {
            return e;
        }
        return subcommands.get(name).get(lower(argv.get(1)));
    }

    /** The spec for argv (command or subcommand), or null if unknown. */
    public CommandSpec lookup(List<byte[]> argv) {
        Entry e = resolve(argv);
        return e == null ? null : e.spec();
    }

    /** The spec of a top-level command by name (any case), or null. */
    public CommandSpec lookup(String name) {
        Entry e = commands.get(name.toLowerCase(Locale.ROOT));
        return e == null ? null : e.spec();
    }

    public boolean isContainer(byte[] name) {
        return subcommands.containsKey(lower(name));
    }

    public Collection<CommandSpec> specs() {
        List<CommandSpec> all = new ArrayList<>();
        for (Map.Entry<String, Entry> e : commands.entrySet()) {
            all.add(e.getValue().spec());
            Map<String, Entry> subs = subcommands.get(e.getKey());
            if (subs != null) {
                subs.values().forEach(s -> all.add(s.spec()));
            }
        }
        return Collections.unmodifiableList(all);
    }

    /**
     * The error for argv when {@link #resolve} found nothing: Redis 7's unknown command or
     * unknown subcommand text. Without the leading '-'.
     */
    public String unknownError(List<byte[]> argv) {
        if (argv.size() >= 2 && isContainer(argv.get(0))) {
            return "ERR unknown subcommand '" + truncate(latin1(argv.get(1)), 128) + "'. Try "
                    + latin1(argv.get(0)).toUpperCase(Locale.ROOT) + " HELP.";
        }
        return unknownCommandError(argv);
    }

    /** {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' } as Redis 7.0. */
    public static String unknownCommandError(List<byte[]> argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.size() && args.length() < 128; i++) {
            int room = 128 - args.length(); // Redis's '%.*s' precision, taken before the quote
            args.append('\'').append(truncate(latin1(argv.get(i)), room)).append("' ");
        }
        return "ERR unknown command '" + truncate(latin1(argv.isEmpty() ? new byte[0] : argv.get(0)), 128)
                + "', with args beginning with: " + args;
    }

    /** {@code ERR wrong number of arguments for 'get' command}. */
    public static String arityError(CommandSpec spec) {
        return "ERR wrong number of arguments for '" + spec.name() + "' command";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Argument text as C's %s prints it into an error: up to the first NUL byte. */
    public static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] b) {
        return cString(b);
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }
}
