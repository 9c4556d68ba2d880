package io.redraft.server.tool;

import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardGroupReply;
import io.redraft.server.shard.ShardMap;
import io.redraft.server.shard.ShardNode;
import io.redraft.store.HashSlot;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Moves slots from one shard group to another while clients keep using them (issue #16), with
 * RedisRaft's pieces: REPLACE marks a chunk of slots MIGRATING at the source and IMPORTING at the
 * target (target first, so the source's -ASK always finds it ready), MIGRATE moves the chunk's keys
 * batch by batch (RAFT.SCAN lists them), and REPLACE gives the chunk to the target (target first,
 * then the source, then every other group).
 *
 * <p>Its progress lives in the groups' own maps: the slot states and the session key. Running the
 * same move again skips what is done and finishes what is in motion, whichever step the tool or a
 * leader died in; {@link #resumeAll} finishes every move in motion without being told which.
 */
public final class Reshard {
    /** Where a run may be stopped on purpose, to test that running again finishes the move. */
    public enum Step { TARGET_MARKED, MARKED, BATCH_MOVED, KEYS_MOVED, TARGET_OWNS, SOURCE_RELEASED }

    /** The run was stopped at {@link Step} by the test hook. */
    public static final class Stopped extends RuntimeException {
        Stopped(Step step) {
            super("stopped after " + step, null, false, false);
        }
    }

    private final int timeoutMs;
    private final PrintStream log;
    private final int chunk;
    private Step stopAfter;
    private long keysMoved;
    private int slotsDone;
    /** Keys gathered from RAFT.SCAN pages into one MIGRATE (see {@link #adjustBudget}); starts at one page of the default size. */
    private int migrateBudget = 1000;
    private static final int MAX_BUDGET = 16_000;
    private static final int MAX_CHUNK = 4096;
    private int chunks;
    private int migrates;
    /** Where the time went, in ns, for the progress lines: marking, listing keys, MIGRATE, counting what is left, switching. */
    private long markNs;
    private long scanNs;
    private long migrateNs;
    private long countNs;
    private long switchNs;

    public Reshard(int timeoutMs, int chunkSlots, PrintStream log) {
        this.timeoutMs = timeoutMs;
        this.chunk = chunkSlots;
        this.log = log;
    }

    private Step failOnceAfter;

    /** Test hook: right after {@code step}, once, fail as a call answered by a deposed leader does. */
    public Reshard failOnceAfter(Step step) {
        this.failOnceAfter = step;
        return this;
    }

    /** Test hook: throw {@link Stopped} right after {@code step} of the first chunk. */
    public Reshard stopAfter(Step step) {
        this.stopAfter = step;
        return this;
    }

    public long keysMoved() {
        return keysMoved;
    }

    public int slotsDone() {
        return slotsDone;
    }

    /**
     * Moves {@code slots} from the group of node {@code from} to the group of node {@code to}.
     * Slots the target already owns are skipped; a slot the source does not own (and that is not
     * already moving between these two) is an error before anything changes.
     */
    public void move(String from, String to, BitSet slots) throws AdminException {
        for (int attempt = 1; ; attempt++) {
            try {
                moveOnce(from, to, slots);
                return;
            } catch (AdminException e) {
                if (attempt >= LEADER_CHANGE_ATTEMPTS || !leaderChanged(e)) throw e;
                // Each step is idempotent and the maps say where the move stands, so going on is
                // exactly what --resume would do, with the groups' new leaders.
                log.printf("reshard: %s; going on with the groups' leaders now (attempt %d of %d)%n", e.getMessage(),
                        attempt + 1, LEADER_CHANGE_ATTEMPTS);
                sleepQuietly(Math.min(2_000, 250L * attempt));
            }
        }
    }

    /** How many times a move goes on after a leader of either group changed under it. */
    static final int LEADER_CHANGE_ATTEMPTS = 10;

    /**
     * A failure a new leader ends: a call answered by a deposed or electing leader (MOVED,
     * CLUSTERDOWN, TIMEOUT of an entry its term did not commit, LOADING, TRYAGAIN), or a
     * connection to a node that died. Anything else (a refusal, bad input) ends the run.
     */
    static boolean leaderChanged(AdminException e) {
        String m = String.valueOf(e.getMessage());
        for (String mark : new String[] {": MOVED ", ": CLUSTERDOWN", ": TIMEOUT", ": LOADING", ": TRYAGAIN", " did not answer ",
                "cannot connect to "}) {
            if (m.contains(mark)) return true;
        }
        return false;
    }

    private void moveOnce(String from, String to, BitSet slots) throws AdminException {
        long t0 = System.nanoTime();
        try (RespConnection src = leader(from); RespConnection dst = leader(to)) {
            String srcId = groupId(src);
            String dstId = groupId(dst);
            if (srcId.equals(dstId)) throw AdminException.connection("source and target are the same group " + srcId);
            SlotAssignment world = world(src);
            List<Integer> todo = new ArrayList<>();
            for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
                boolean done = dstId.equals(world.stableOwner(s)) && world.migrating(s) == null;
                boolean moving = srcId.equals(world.migrating(s)) && dstId.equals(world.importing(s));
                boolean owned = srcId.equals(world.stableOwner(s));
                boolean targetAhead = dstId.equals(world.stableOwner(s)); // the source still migrating: finish
                if (done) continue;
                if (!owned && !moving && !targetAhead) {
                    throw AdminException.connection("slot " + s + " is not owned by the source group " + srcId);
                }
                todo.add(s);
            }
            long keysBefore = keysMoved;
            int size = chunk;
            for (int i = 0; i < todo.size(); ) {
                List<Integer> part = todo.subList(i, Math.min(todo.size(), i + size));
                long chunkKeys = keysMoved;
                long chunkStart = System.nanoTime();
                moveChunk(src, dst, srcId, dstId, part);
                i += part.size();
                slotsDone += part.size();
                size = nextChunk(size, keysMoved - chunkKeys, System.nanoTime() - chunkStart);
                double secs = (System.nanoTime() - t0) / 1e9;
                long moved = keysMoved - keysBefore;
                log.printf("reshard: %d/%d slots, %d keys moved, %.0f keys/s (%d chunks, %d MIGRATEs;"
                        + " seconds in mark %.1f, scan %.1f, migrate %.1f, count %.1f, switch %.1f)%n", i, todo.size(),
                        moved, moved / Math.max(secs, 1e-3), ++chunks, migrates, markNs / 1e9, scanNs / 1e9,
                        migrateNs / 1e9, countNs / 1e9, switchNs / 1e9);
            }
        }
    }

    /**
     * Slots in the next chunk: doubled, up to {@link #MAX_CHUNK}, after a chunk whose keys went in
     * one MIGRATE with room to spare and quickly (sparse slots or small keys: the four REPLACEs
     * and the MIGRATE's three log rounds per chunk were the cost, not the keys); back to the
     * configured size after a slow one. Only how many slots are in motion at once changes.
     */
    private int nextChunk(int size, long keys, long nanos) {
        long ms = nanos / 1_000_000;
        if (keys <= migrateBudget / 2 && ms < timeoutMs / 10) return Math.min(MAX_CHUNK, size * 2);
        if (ms > timeoutMs / 2) return chunk;
        return size;
    }

    /** The first {@code count} slots the group of {@code node} owns STABLE (reshard --count). */
    public BitSet ownedSlots(String node, int count) throws AdminException {
        try (RespConnection c = leader(node)) {
            ShardMap map = map(c);
            BitSet out = new BitSet();
            for (int s = 0; s < HashSlot.SLOTS && out.cardinality() < count; s++) {
                ShardGroup owner = map.stableOwner(s);
                if (owner != null && owner.id().equals(map.localId())) out.set(s);
            }
            return out;
        }
    }

    /**
     * Finishes every move the maps show in motion, reached through any node of any group. Every
     * reachable group's own map is read: a run stopped between the two REPLACEs of a step leaves
     * the move visible in one of the two groups' maps only.
     */
    public void resumeAll(String anyNode) throws AdminException {
        Map<String, BitSet> moves = new TreeMap<>();
        Map<String, String> address = new HashMap<>();
        List<ShardMap> maps = new ArrayList<>();
        try (RespConnection c = leader(anyNode)) {
            ShardMap map = map(c);
            maps.add(map);
            for (ShardGroup g : map.groups()) {
                if (!g.nodes().isEmpty()) address.put(g.id(), reachable(g));
            }
            address.put(map.localId(), c.address());
        }
        for (var e : address.entrySet()) {
            if (maps.get(0).localId().equals(e.getKey())) continue;
            try (RespConnection c = leader(e.getValue())) {
                maps.add(map(c));
            } catch (AdminException unreachable) {
                log.printf("reshard: group %s not reachable (%s), its map not read%n", e.getKey(), unreachable.getMessage());
            }
        }
        for (ShardMap map : maps) {
            for (int s = 0; s < HashSlot.SLOTS; s++) {
                ShardGroup m = map.migratingGroup(s);
                ShardGroup i = map.importingGroup(s);
                if (m != null && i != null) moves.computeIfAbsent(m.id() + " " + i.id(), k -> new BitSet()).set(s);
            }
        }
        for (var e : moves.entrySet()) {
            String[] ids = e.getKey().split(" ");
            if (!address.containsKey(ids[0]) || !address.containsKey(ids[1])) {
                throw AdminException.connection("no address known for a group of the move " + e.getKey());
            }
            log.printf("reshard: resuming %d slots from %s to %s%n", e.getValue().cardinality(), ids[0], ids[1]);
            move(address.get(ids[0]), address.get(ids[1]), e.getValue());
        }
        if (moves.isEmpty()) log.println("reshard: nothing in motion");
    }

    private void moveChunk(RespConnection src, RespConnection dst, String srcId, String dstId, List<Integer> slots)
            throws AdminException {
        // 1. Mark (unless already in motion or already switched), target first.
        long t = System.nanoTime();
        SlotAssignment world = world(src);
        boolean changed = false;
        long session = System.currentTimeMillis();
        for (int s : slots) {
            if (srcId.equals(world.stableOwner(s))) {
                world.mark(s, srcId, dstId, session);
                changed = true;
            }
        }
        if (changed) {
            replace(dst, world);
            stop(Step.TARGET_MARKED);
            replace(src, world);
        }
        stop(Step.MARKED);
        t = lap(t, 0);
        // 2. Move the keys until the source holds none of these slots.
        BitSet set = new BitSet();
        slots.forEach(set::set);
        String slotList = ranges(set);
        // New keys of a migrating slot are sent to the target (-ASK), so the source's count only falls.
        do {
            String cursor = "0";
            Map<Long, List<byte[]>> bySlot = new TreeMap<>();
            int listed = 0;
            do {
                List<?> page = (List<?>) expect(src.callBinary("RAFT.SCAN", cursor, slotList), src);
                t = lap(t, 1);
                cursor = new String((byte[]) page.get(0), StandardCharsets.US_ASCII);
                for (Object o : (List<?>) page.get(1)) {
                    List<?> pair = (List<?>) o;
                    bySlot.computeIfAbsent((Long) pair.get(1), k -> new ArrayList<>()).add((byte[]) pair.get(0));
                    listed++;
                }
                // Pages gather into one MIGRATE up to the budget: each MIGRATE costs three log rounds
                // (lock, import at the target, delete) whatever its size, so small keys go many at once.
                if (listed < migrateBudget && !cursor.equals("0")) continue;
                long began = System.nanoTime();
                migrateGathered(src, bySlot);
                adjustBudget(listed, System.nanoTime() - began);
                bySlot.clear();
                listed = 0;
                t = lap(t, 2);
            } while (!cursor.equals("0"));
        } while (countKeys(src, slots) > 0);
        t = lap(t, 3);
        stop(Step.KEYS_MOVED);
        // 3. Switch: the target owns the slots, then the source lets them go, then every other group learns it.
        world = world(src);
        for (int s : slots) world.own(s, dstId);
        replace(dst, world);
        stop(Step.TARGET_OWNS);
        replace(src, world);
        stop(Step.SOURCE_RELEASED);
        ShardMap now = map(src);
        for (ShardGroup g : now.groups()) {
            if (g.id().equals(srcId) || g.id().equals(dstId) || g.nodes().isEmpty()) continue;
            try (RespConnection other = leaderOf(g)) {
                replace(other, world);
            }
        }
        lap(t, 4);
    }

    /** Adds the time since {@code since} to step {@code step}'s total; returns now. */
    private long lap(long since, int step) {
        long now = System.nanoTime();
        switch (step) {
            case 0 -> markNs += now - since;
            case 1 -> scanNs += now - since;
            case 2 -> migrateNs += now - since;
            case 3 -> countNs += now - since;
            default -> switchNs += now - since;
        }
        return now;
    }

    /**
     * The gathered keys in one MIGRATE (Redraft takes keys of several slots of one move); a server
     * that does not (RedisRaft, or slots marked by different runs) says CROSSSLOT: slot by slot.
     */
    private void migrateGathered(RespConnection src, Map<Long, List<byte[]>> bySlot) throws AdminException {
        List<byte[]> all = new ArrayList<>();
        bySlot.values().forEach(all::addAll);
        if (all.isEmpty()) return;
        migrates++;
        Object whole = migrate(src, all);
        if (whole instanceof RespConnection.Error e && e.text().startsWith("CROSSSLOT")) {
            for (List<byte[]> keys : bySlot.values()) {
                expect(migrate(src, keys), src);
                keysMoved += keys.size();
                stop(Step.BATCH_MOVED);
            }
        } else {
            expect(whole, src);
            keysMoved += all.size();
            stop(Step.BATCH_MOVED);
        }
    }

    /**
     * Keys per MIGRATE: doubled while a MIGRATE of half the budget or more comes back quickly (small keys), up
     * to {@link #MAX_BUDGET}; halved, down to one RAFT.SCAN page, when one takes long (big values),
     * so that a MIGRATE stays well inside the time limits of the tool and of the source.
     */
    private void adjustBudget(int keys, long nanos) {
        long ms = nanos / 1_000_000;
        if (keys * 2L >= migrateBudget && ms < timeoutMs / 20) migrateBudget = Math.min(MAX_BUDGET, migrateBudget * 2);
        else if (ms > timeoutMs / 5) migrateBudget = Math.max(1, migrateBudget / 2);
    }

    /**
     * MIGRATE, again while the source answers that it failed for a passing reason (the target slow
     * to commit, a connection dropped, a leader changing): the keys stay locked meanwhile, and
     * MIGRATE of the same keys resumes.
     */
    private Object migrate(RespConnection src, List<byte[]> keys) throws AdminException {
        Object r = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            r = src.callBinary(migrateArgs(keys));
            if (!(r instanceof RespConnection.Error e) || !passing(e.text())) return r;
            log.printf("reshard: MIGRATE of %d keys: %s, trying again%n", keys.size(), e.text());
            sleepQuietly(Math.min(2000, 100L << Math.min(attempt, 5)));
        }
        return r;
    }

    static boolean passing(String error) {
        return error.contains("try again") || error.contains("TIMEOUT") || error.startsWith("TRYAGAIN")
                || error.startsWith("CLUSTERDOWN") || error.contains("only supports one concurrent migration");
    }

    private Object[] migrateArgs(List<byte[]> keys) {
        List<Object> argv = new ArrayList<>(List.of("MIGRATE", "0", "0", "", "0", timeoutMs, "KEYS"));
        argv.addAll(keys);
        return argv.toArray();
    }

    /** The keys the source still holds in {@code slots}: one round trip for the chunk, not one per slot. */
    private long countKeys(RespConnection src, List<Integer> slots) throws AdminException {
        List<Object[]> asks = new ArrayList<>(slots.size());
        for (int s : slots) asks.add(new Object[] {"CLUSTER", "COUNTKEYSINSLOT", s});
        long n = 0;
        for (Object r : src.pipeline(asks)) n += (Long) expect(r, src);
        return n;
    }

    private void stop(Step step) throws AdminException {
        if (step == stopAfter) throw new Stopped(step);
        if (step == failOnceAfter) {
            failOnceAfter = null;
            throw AdminException.connection("127.0.0.1:1: MOVED 0 127.0.0.1:1 (test: a leader changed after " + step + ")");
        }
    }

    /** The world as the source's leader holds it, each group's nodes asked of that group. */
    private SlotAssignment world(RespConnection src) throws AdminException {
        ShardMap map = map(src);
        Map<String, List<ShardNode>> nodes = new HashMap<>();
        for (ShardGroup g : map.groups()) {
            if (g.id().equals(map.localId())) {
                nodes.put(g.id(), group(src).nodes());
            } else if (!g.nodes().isEmpty()) {
                try (RespConnection c = leaderOf(g)) {
                    nodes.put(g.id(), group(c).nodes());
                } catch (AdminException e) {
                    nodes.put(g.id(), g.nodes()); // unreachable now: keep what the map knows
                }
            }
        }
        return new SlotAssignment(map, nodes);
    }

    private void replace(RespConnection c, SlotAssignment world) throws AdminException {
        expect(c.callBinary(world.replaceArgs().toArray()), c);
    }

    static ShardMap map(RespConnection c) throws AdminException {
        return ShardMap.decode((byte[]) expect(c.callBinary("RAFT.SHARDGROUP", "MAP"), c));
    }

    private static ShardGroup group(RespConnection c) throws AdminException {
        Object reply = expect(c.callBinary("RAFT.SHARDGROUP", "GET"), c);
        ShardGroup g = ShardGroupReply.read(reply);
        if (g == null) throw AdminException.connection(c.address() + " did not answer RAFT.SHARDGROUP GET with a group");
        return g;
    }

    private static String groupId(RespConnection c) throws AdminException {
        return group(c).id();
    }

    static boolean isGroupId(String v) {
        return v != null && v.matches("[0-9a-f]{32}");
    }

    /** {@code groupOrAddress} as an address: a group id is looked up in the map of {@code anyNode}'s group. */
    String addressOf(String groupOrAddress, String anyNode) throws AdminException {
        if (!isGroupId(groupOrAddress)) return groupOrAddress;
        try (RespConnection c = leader(anyNode)) {
            ShardMap map = map(c);
            if (map.localId().equals(groupOrAddress)) return c.address();
            for (ShardGroup g : map.groups()) {
                if (g.id().equals(groupOrAddress) && !g.nodes().isEmpty()) return reachable(g);
            }
        }
        throw AdminException.usage("no shard group " + groupOrAddress + " in the map of " + anyNode);
    }

    /** The address of a node of {@code g} that accepts a connection now (else its first node's). */
    String reachable(ShardGroup g) {
        for (ShardNode n : g.nodes()) {
            try (RespConnection c = RespConnection.open(Address.parse(n.address()), timeoutMs)) {
                return n.address();
            } catch (AdminException e) {
                // down: try the next
            }
        }
        return g.nodes().get(0).address();
    }

    /** A connection to the leader of a foreign group, through whichever of its nodes answers (one may be down). */
    private RespConnection leaderOf(ShardGroup g) throws AdminException {
        AdminException last = null;
        for (ShardNode n : g.nodes()) {
            try {
                return leader(n.address());
            } catch (AdminException e) {
                last = e;
            }
        }
        throw last != null ? last : AdminException.connection("group " + g.id() + " has no known node");
    }

    /** A connection to the leader of the group {@code address} belongs to (following MOVED). */
    RespConnection leader(String address) throws AdminException {
        String at = address;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        for (int hop = 0; ; hop++) {
            if (hop > 0 && System.nanoTime() - deadline > 0) break;
            RespConnection c;
            try {
                c = RespConnection.open(Address.parse(at), timeoutMs);
            } catch (AdminException down) {
                // A MOVED can name a leader that just died: ask the given node again once it knows better.
                if (at.equals(address)) throw down;
                at = address;
                sleepQuietly(200);
                continue;
            }
            Object r = c.callBinary("RAFT.SHARDGROUP", "GET");
            if (r instanceof RespConnection.Error e && e.text().startsWith("MOVED ")) {
                c.close();
                at = e.text().split(" ")[2];
                if (hop % 5 == 4) sleepQuietly(200); // redirected in circles while a leader changes
                continue;
            }
            if (r instanceof RespConnection.Error e && e.text().startsWith("CLUSTERDOWN")) {
                c.close();
                sleepQuietly(200); // electing: ask again
                continue;
            }
            expect(r, c);
            return c;
        }
        throw AdminException.connection("no leader found through " + address);
    }

    static Object expect(Object reply, RespConnection from) throws AdminException {
        if (reply instanceof RespConnection.Error e) throw AdminException.connection(from.address() + ": " + e.text());
        return reply;
    }

    /** {@code a-b,c,...} for RAFT.SCAN. */
    static String ranges(BitSet slots) {
        StringBuilder sb = new StringBuilder();
        for (int s = slots.nextSetBit(0); s >= 0; ) {
            int end = slots.nextClearBit(s) - 1;
            if (!sb.isEmpty()) sb.append(',');
            sb.append(s);
            if (end > s) sb.append('-').append(end);
            s = slots.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
