package io.redraft.server.shard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Parses the group specifications of {@code RAFT.SHARDGROUP ADD} and {@code REPLACE} (reference
 * §9.2): {@code <id> <#ranges> <#nodes>}, then per range {@code <start> <end> <type> <session key>},
 * then per node {@code <node id> <host:port>}. Error texts name the offending argument by its index
 * in the whole command, as RedisRaft's do.
 */
public final class ShardGroupArgs {
    private final byte[][] argv;
    private int next;

    private ShardGroupArgs(byte[][] argv, int first) {
        this.argv = argv;
        this.next = first;
    }

    /** ADD: one group from {@code argv[first]} to the end; arguments left over are ignored, as RedisRaft does. */
    public static ShardGroup add(byte[][] argv, int first) throws ShardGroupError {
        return new ShardGroupArgs(argv, first).group();
    }

    /**
     * REPLACE: {@code <n>} then n groups, exactly; the groups must not claim a slot twice (checked
     * here, before anything is logged, because a REPLACE describes the whole world).
     */
    public static List<ShardGroup> replace(byte[][] argv, int first) throws ShardGroupError {
        OptionalLong n = number(argv[first]);
        if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() >= 16384) {
            throw new ShardGroupError("ERR invalid shard group message(1)");
        }
        ShardGroupArgs p = new ShardGroupArgs(argv, first + 1);
        List<ShardGroup> groups = new ArrayList<>();
        for (long i = 0; i < n.getAsLong(); i++) {
            if (p.next >= argv.length) throw ShardGroupError.wrongArity();
            groups.add(p.group());
        }
        if (p.next != argv.length) throw new ShardGroupError("ERR invalid shard group message (extra arguments)");
        ShardMap.checkDisjoint(groups);
        return groups;
    }

    private ShardGroup group() throws ShardGroupError {
        if (argv.length - next < 3) throw ShardGroupError.wrongArity();
        int at = next;
        String id = text(argv[next++]);
        if (id.length() != ShardGroup.ID_LENGTH) {
            throw new ShardGroupError("ERR shard group id must be 32 characters (argv[" + at + "])");
        }
        long ranges = count(next++, "slots");
        long nodes = count(next++, "nodes");
        if (ranges * 4 + nodes * 2 > argv.length - next) throw ShardGroupError.wrongArity();
        List<SlotRange> slotRanges = new ArrayList<>();
        for (long i = 0; i < ranges; i++) slotRanges.add(range());
        List<ShardNode> shardNodes = new ArrayList<>();
        for (long i = 0; i < nodes; i++) shardNodes.add(node());
        return new ShardGroup(id, slotRanges, shardNodes);
    }

    private long count(int at, String what) throws ShardGroupError {
        OptionalLong n = number(argv[at]);
        // Counts beyond what an argument list can hold fail the arity check; negative ones fail here.
        if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > Integer.MAX_VALUE) {
            throw new ShardGroupError("ERR failed to parse number of " + what + " (argv[" + at + "])");
        }
        return n.getAsLong();
    }

    private SlotRange range() throws ShardGroupError {
        int at = next;
        OptionalLong start = number(argv[next++]);
        OptionalLong end = number(argv[next++]);
        OptionalLong type = number(argv[next++]);
        OptionalLong key = number(argv[next++]);
        if (start.isEmpty() || end.isEmpty() || type.isEmpty() || key.isEmpty()
                || !SlotRange.valid(start.getAsLong(), end.getAsLong())
                || SlotRange.Type.of(type.getAsLong()) == null || key.getAsLong() < 0) {
            throw new ShardGroupError("ERR failed to parse slot range (argv[" + at + "]:argv[" + (at + 3) + "])");
        }
        return new SlotRange((int) start.getAsLong(), (int) end.getAsLong(),
                SlotRange.Type.of(type.getAsLong()), key.getAsLong());
    }

    private ShardNode node() throws ShardGroupError {
        int at = next;
        String id = text(argv[next++]);
        if (id.length() != ShardNode.ID_LENGTH) {
            throw new ShardGroupError("ERR node id must be 40 characters (argv[" + at + "])");
        }
        ShardNode node = ShardNode.parse(id, text(argv[next]));
        if (node == null) throw new ShardGroupError("ERR failed to parse node address (argv[" + next + "])");
        next++;
        return node;
    }

    /** A decimal integer as Redis's string2ll accepts it: no sign but '-', no spaces, no leading zeros. */
    static OptionalLong number(byte[] b) {
        String s = text(b);
        if (s.isEmpty() || s.length() > 20 || s.charAt(0) == '+') return OptionalLong.empty();
        if (!s.equals("0") && (s.startsWith("0") || s.startsWith("-0"))) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
