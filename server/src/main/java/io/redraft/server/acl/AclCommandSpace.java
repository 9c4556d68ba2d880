package io.redraft.server.acl;

import io.redraft.server.command.Route;
import io.redraft.server.command.ServerCommand;
import io.redraft.server.command.ServerCommandTable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands ACL rules name, each with a bit number, and the categories each belongs to: Redis
 * 7.0's categories from the command table, plus {@code @raft}, Redraft's own category of every
 * RAFT.* command, so that the internode user can be given exactly those.
 */
final class AclCommandSpace {
    /** Redis 7.0's category order (ACL CAT, and the order ACL LIST tries categories in), then ours. */
    static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting", "raft");

    private static final AclCommandSpace INSTANCE = new AclCommandSpace(ServerCommandTable.get());

    /** Entry of a command by bit; a container's subcommands follow their container. */
    private final List<ServerCommand> byBit = new ArrayList<>();
    private final Map<String, Integer> bits = new HashMap<>();
    private final Map<String, BitSet> byCategory = new HashMap<>();
    /** Container bit to its subcommands' bits. */
    private final Map<Integer, BitSet> subBits = new HashMap<>();

    AclCommandSpace(ServerCommandTable table) {
        for (String c : CATEGORIES) byCategory.put(c, new BitSet());
        for (ServerCommand c : table.all()) {
            if (c.route() == Route.INTERNAL) continue; // the leader's own, never a client's
            int bit = byBit.size();
            byBit.add(c);
            bits.put(c.name(), bit);
            for (String cat : categories(c)) {
                BitSet set = byCategory.get(cat);
                if (set != null) set.set(bit);
            }
        }
        for (ServerCommand c : byBit) {
            String top = c.info().container();
            if (top != null && bits.containsKey(top)) subBits.computeIfAbsent(bits.get(top), k -> new BitSet()).set(bits.get(c.name()));
        }
    }

    static AclCommandSpace get() {
        return INSTANCE;
    }

    /**
     * A command's categories: the table's, and @raft for every RAFT.* command. Redis 7.0 gives
     * module commands no category (+@admin does not reach them), so RedisRaft's commands belong to
     * @raft alone: only +@all, +@raft or naming them grants them.
     */
    static List<String> categories(ServerCommand c) {
        List<String> out = new ArrayList<>(c.info().aclCategories());
        if (c.name().startsWith("raft")) out.add("raft");
        return out;
    }

    int size() {
        return byBit.size();
    }

    /** The bit of a command or subcommand ({@code client|id}), any case; -1 when unknown. */
    int bit(String name) {
        Integer b = bits.get(name);
        if (b == null) b = bits.get(name.toLowerCase(Locale.ROOT));
        return b == null ? -1 : b;
    }

    ServerCommand command(int bit) {
        return byBit.get(bit);
    }

    boolean isContainer(int bit) {
        return subBits.containsKey(bit);
    }

    /** A container's subcommands' bits; empty for a plain command. */
    BitSet subcommands(int bit) {
        BitSet s = subBits.get(bit);
        return s == null ? new BitSet() : s;
    }

    boolean isCategory(String name) {
        return byCategory.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The bits of a category's commands and subcommands (a copy). */
    BitSet category(String name) {
        return (BitSet) byCategory.get(name.toLowerCase(Locale.ROOT)).clone();
    }

    /** Top-level commands, in table order (their subcommands are reached through {@link #subcommands}). */
    List<Integer> topLevel() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < byBit.size(); i++) if (!byBit.get(i).isSubcommand()) out.add(i);
        return out;
    }
}
