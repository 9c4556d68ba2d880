package io.redraft.store.stream;

import io.redraft.resp.ReplySink;
import io.redraft.store.Call;
import io.redraft.store.CommandError;
import io.redraft.store.CommandTable;
import io.redraft.store.Errors;
import io.redraft.store.Nums;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Consumer group commands: XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM. Every time they record
 * (delivery times, consumers' seen time) is the command's {@code now}, fixed by the leader.
 */
final class GroupCommands {
    private GroupCommands() {
    }

    static void register(CommandTable t) {
        t.container("xgroup", -2, "");
        t.add("xgroup|create", -5, "write denyoom", 2, 2, 1, GroupCommands::xgroup);
        t.add("xgroup|setid", -5, "write", 2, 2, 1, GroupCommands::xgroup);
        t.add("xgroup|destroy", 4, "write", 2, 2, 1, GroupCommands::xgroup);
        t.add("xgroup|createconsumer", 5, "write denyoom", 2, 2, 1, GroupCommands::xgroup);
        t.add("xgroup|delconsumer", 5, "write", 2, 2, 1, GroupCommands::xgroup);
        t.add("xgroup|help", 2, "loading stale", 0, 0, 0, c -> help(c, XGROUP_HELP));
        t.add("xack", -4, "write fast", 1, 1, 1, GroupCommands::xack);
        t.add("xpending", -3, "readonly random", 1, 1, 1, GroupCommands::xpending);
        ClaimCommands.register(t);
    }

    private static final String[] XGROUP_HELP = {
            "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CREATE <key> <groupname> <id|$> [option]",
            "    Create a new consumer group. Options are:",
            "    * MKSTREAM",
            "      Create the empty stream if it does not exist.",
            "    * ENTRIESREAD entries_read",
            "      Set the group's entries_read counter (internal use).",
            "CREATECONSUMER <key> <groupname> <consumer>",
            "    Create a new consumer in the specified group.",
            "DELCONSUMER <key> <groupname> <consumer>",
            "    Remove the specified consumer.",
            "DESTROY <key> <groupname>",
            "    Remove the specified group.",
            "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
            "    Set the current group ID and entries_read counter.",
            "HELP",
            "    Prints this help."};

    static void help(Call c, String[] lines) {
        c.out().arrayHeader(lines.length);
        for (String l : lines) {
            c.out().status(l);
        }
    }

    /** addReplySubcommandSyntaxError. */
    static CommandError subcommandSyntax(Call c) {
        return new CommandError("ERR unknown subcommand or wrong number of arguments for '"
                + trunc(CommandTable.cString(c.arg(1))) + "'. Try "
                + CommandTable.cString(c.arg(0)).toUpperCase(Locale.ROOT) + " HELP.");
    }

    private static String trunc(String s) {
        return s.length() <= 128 ? s : s.substring(0, 128);
    }

    static String name(byte[] b) {
        return CommandTable.cString(b);
    }

    private static long entriesReadArg(Call c, int i) {
        long v = Nums.parseLong(c.arg(i));
        if (v < 0 && v != ConsumerGroup.INVALID_ENTRIES_READ) {
            throw new CommandError("ERR value for ENTRIESREAD must be positive or -1");
        }
        return v;
    }

    private static void xgroup(Call c) {
        String opt = name(c.arg(1)).toLowerCase(Locale.ROOT);
        boolean mkstream = false;
        long entriesRead = ConsumerGroup.INVALID_ENTRIES_READ;
        if (opt.equals("create")) {
            for (int i = 5; i < c.argc(); ) {
                if (c.argIs(i, "mkstream")) {
                    mkstream = true;
                    i++;
                } else if (c.argIs(i, "entriesread") && i + 1 < c.argc()) {
                    entriesRead = entriesReadArg(c, i + 1);
                    i += 2;
                } else {
                    throw subcommandSyntax(c);
                }
            }
        } else if (opt.equals("setid")) {
            for (int i = 5; i < c.argc(); ) {
                if (c.argIs(i, "entriesread") && i + 1 < c.argc()) {
                    entriesRead = entriesReadArg(c, i + 1);
                    i += 2;
                } else {
                    throw subcommandSyntax(c);
                }
            }
        }
        StreamValue s = StreamCommands.write(c, 2);
        byte[] groupName = c.arg(3);
        ConsumerGroup g = s == null ? null : s.group(groupName);
        if (!mkstream) {
            if (s == null) {
                throw new CommandError("ERR The XGROUP subcommand requires the key to exist. Note that for "
                        + "CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
            }
            if (g == null && (opt.equals("setid") || opt.equals("createconsumer") || opt.equals("delconsumer"))) {
                throw new CommandError("NOGROUP No such consumer group '" + name(groupName) + "' for key name '"
                        + name(c.arg(2)) + "'");
            }
        }
        switch (opt) {
            case "create" -> {
                if (c.argc() > 8) {
                    throw subcommandSyntax(c);
                }
                StreamId id;
                if (name(c.arg(4)).equals("$")) {
                    id = s != null ? s.lastId : StreamId.MIN;
                } else {
                    id = StreamCommands.strictId(c, 4);
                }
                if (s == null) {
                    s = new StreamValue();
                    c.ks().put(c.key(2), s);
                }
                if (s.group(groupName) != null) {
                    throw new CommandError("BUSYGROUP Consumer Group name already exists");
                }
                s.groups.put(io.redraft.store.Bytes.wrap(groupName), new ConsumerGroup(id, entriesRead));
                c.ok();
            }
            case "setid" -> {
                if (c.argc() != 5 && c.argc() != 7) {
                    throw subcommandSyntax(c);
                }
                StreamId id = name(c.arg(4)).equals("$") ? s.lastId : StreamId.parse(c.arg(4), false, 0);
                g.lastId = id;
                g.entriesRead = entriesRead;
                c.ok();
            }
            case "destroy" -> {
                if (g != null) {
                    s.groups.remove(io.redraft.store.Bytes.wrap(groupName));
                    c.out().integer(1);
                } else {
                    c.out().integer(0);
                }
            }
            case "createconsumer" -> {
                if (g.consumer(c.arg(4)) != null) {
                    c.out().integer(0);
                } else {
                    g.createConsumer(c.arg(4), c.now());
                    c.out().integer(1);
                }
            }
            case "delconsumer" -> {
                Consumer consumer = g.consumer(c.arg(4));
                c.out().integer(consumer == null ? 0 : g.deleteConsumer(consumer));
            }
            default -> throw subcommandSyntax(c);
        }
    }

    private static void xack(Call c) {
        StreamValue s = StreamCommands.write(c, 1);
        ConsumerGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            c.out().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc() - 3];
        for (int j = 3; j < c.argc(); j++) {
            ids[j - 3] = StreamCommands.strictId(c, j);
        }
        long acked = 0;
        for (StreamId id : ids) {
            Nack n = g.pel.get(id);
            if (n != null) {
                g.ack(id, n);
                acked++;
            }
        }
        c.out().integer(acked);
    }

    static CommandError noGroup(Call c) {
        return new CommandError("NOGROUP No such key '" + name(c.arg(1)) + "' or consumer group '"
                + name(c.arg(2)) + "'");
    }

    private static void xpending(Call c) {
        boolean summary = c.argc() == 3;
        if (c.argc() != 3 && (c.argc() < 6 || c.argc() > 9)) {
            throw Errors.syntax();
        }
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (c.argc() >= 6) {
            int from = 3;
            if (c.argIs(3, "idle")) {
                minIdle = Nums.parseLong(c.arg(4));
                if (c.argc() < 8) {
                    throw Errors.syntax();
                }
                from += 2;
            }
            count = Math.max(0, Nums.parseLong(c.arg(from + 2)));
            start = StreamCommands.rangeBound(c, from, true);
            end = StreamCommands.rangeBound(c, from + 1, false);
            if (from + 3 < c.argc()) {
                consumerName = c.arg(from + 3);
            }
        }
        StreamValue s = StreamCommands.read(c, 1);
        ConsumerGroup g = s == null ? null : s.group(c.arg(2));
        if (g == null) {
            throw noGroup(c);
        }
        ReplySink out = c.out();
        if (summary) {
            out.arrayHeader(4);
            out.integer(g.pel.size());
            if (g.pel.isEmpty()) {
                out.nullBulk();
                out.nullBulk();
                out.nullArray();
                return;
            }
            out.bulk(g.pel.firstKey().bytes());
            out.bulk(g.pel.lastKey().bytes());
            List<Consumer> owners = new ArrayList<>();
            for (Consumer cons : g.consumers.values()) {
                if (!cons.pel.isEmpty()) {
                    owners.add(cons);
                }
            }
            out.arrayHeader(owners.size());
            for (Consumer cons : owners) {
                out.arrayHeader(2);
                out.bulk(cons.name);
                out.bulk(Nums.toBytes(cons.pel.size()));
            }
            return;
        }
        java.util.TreeMap<StreamId, Nack> pel = g.pel;
        if (consumerName != null) {
            Consumer cons = g.consumer(consumerName);
            if (cons == null) {
                out.arrayHeader(0);
                return;
            }
            pel = cons.pel;
        }
        long now = c.now();
        List<Map.Entry<StreamId, Nack>> rows = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Nack> e : pel.subMap(start, true, end, true).entrySet()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && now - e.getValue().deliveryTime < minIdle) {
                    continue;
                }
                rows.add(e);
                count--;
            }
        }
        out.arrayHeader(rows.size());
        for (Map.Entry<StreamId, Nack> e : rows) {
            out.arrayHeader(4);
            out.bulk(e.getKey().bytes());
            out.bulk(e.getValue().consumer.name);
            out.integer(Math.max(0, now - e.getValue().deliveryTime));
            out.integer(e.getValue().deliveryCount);
        }
    }
}
