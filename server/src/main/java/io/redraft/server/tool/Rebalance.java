package io.redraft.server.tool;

import io.redraft.server.shard.ShardGroup;
import io.redraft.server.shard.ShardMap;
import io.redraft.store.HashSlot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rebalance host:port}: moves slots until every group of the deployment owns as many as the
 * others, give or take one (16384 / N, the first groups by current size taking the remainder), with
 * {@link Reshard}'s live moves. Moves in motion are finished first, and the plan is made from the
 * maps as they are, so running it again after a crash of the tool goes on where it stopped; a
 * balanced deployment is left alone. Slots no group owns stay unowned.
 */
final class Rebalance {
    /** One planned move. */
    record Move(String from, String to, BitSet slots) {}

    private final Reshard reshard;
    private final PrintStream out;

    Rebalance(Reshard reshard, PrintStream out) {
        this.reshard = reshard;
        this.out = out;
    }

    void run(String anyNode) throws AdminException {
        reshard.resumeAll(anyNode);
        Map<String, String> address = new HashMap<>();
        Map<String, BitSet> owned = new LinkedHashMap<>();
        try (RespConnection c = reshard.leader(anyNode)) {
            ShardMap map = Reshard.map(c);
            for (ShardGroup g : map.groups()) {
                address.put(g.id(), g.id().equals(map.localId()) ? c.address() : g.nodes().isEmpty() ? null : reshard.reachable(g));
                owned.put(g.id(), new BitSet());
            }
            for (int s = 0; s < HashSlot.SLOTS; s++) {
                ShardGroup g = map.stableOwner(s);
                if (g != null) owned.get(g.id()).set(s);
            }
        }
        List<Move> plan = plan(owned);
        if (plan.isEmpty()) {
            out.println("rebalance: balanced, nothing to move");
            return;
        }
        long t0 = System.nanoTime();
        for (Move m : plan) {
            out.printf("rebalance: %d slots from %s to %s%n", m.slots().cardinality(), m.from(), m.to());
            if (address.get(m.from()) == null || address.get(m.to()) == null) {
                throw AdminException.connection("no address known for group " + (address.get(m.from()) == null ? m.from() : m.to()));
            }
            reshard.move(address.get(m.from()), address.get(m.to()), m.slots());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf("rebalance: done, %d slots and %d keys moved in %.1f s, %.0f keys/s%n", reshard.slotsDone(),
                reshard.keysMoved(), secs, reshard.keysMoved() / Math.max(secs, 1e-3));
    }

    /**
     * The moves that even out {@code owned}: each group over its share gives its highest slots,
     * in order, to the groups under theirs.
     */
    static List<Move> plan(Map<String, BitSet> owned) {
        List<String> ids = new ArrayList<>(owned.keySet());
        int total = owned.values().stream().mapToInt(BitSet::cardinality).sum();
        int n = ids.size();
        // The remainder goes to the groups that hold most already, so fewer slots move.
        ids.sort(Comparator.comparingInt((String id) -> -owned.get(id).cardinality()).thenComparing(id -> id));
        Map<String, Integer> share = new HashMap<>();
        for (int i = 0; i < n; i++) share.put(ids.get(i), total / n + (i < total % n ? 1 : 0));
        List<int[]> surplus = new ArrayList<>(); // [donor index, slot]
        for (int i = 0; i < n; i++) {
            BitSet b = owned.get(ids.get(i));
            int extra = b.cardinality() - share.get(ids.get(i));
            for (int s = b.length() - 1; extra > 0 && s >= 0; s = b.previousSetBit(s - 1)) {
                surplus.add(new int[] {i, s});
                extra--;
            }
        }
        Map<String, Move> moves = new LinkedHashMap<>();
        int next = 0;
        for (String to : ids) {
            int need = share.get(to) - owned.get(to).cardinality();
            for (; need > 0 && next < surplus.size(); need--, next++) {
                String from = ids.get(surplus.get(next)[0]);
                moves.computeIfAbsent(from + " " + to, k -> new Move(from, to, new BitSet())).slots().set(surplus.get(next)[1]);
            }
        }
        return new ArrayList<>(moves.values());
    }
}
