package io.redraft.server.shard;

import io.redraft.store.HashSlot;

import java.util.List;
import java.util.function.Predicate;

/**
 * Decides, before a request is logged, whether this group serves its keys (reference §9.4).
 * RedisRaft takes this decision when the entry is applied and so spends a log entry on every
 * misrouted command; deciding first is safe because the leader applies every map change before it
 * serves a request that follows it, and a map change racing with a logged write is caught again
 * when the write applies.
 */
public final class SlotRouter {
    /** Round-robin position for MOVED replies to a foreign group, as RedisRaft's next_redir. */
    private int nextRedirect;

    /**
     * @param keys     the request's keys (all commands of a transaction together)
     * @param asking   the connection sent ASKING before this request
     * @param exists   whether a key is in this node's keyspace
     * @param locked   whether a key is being moved by a migration
     */
    public SlotDecision route(ShardMap map, List<byte[]> keys, boolean asking,
                              Predicate<byte[]> exists, Predicate<byte[]> locked) {
        // Without sharding nothing is checked, CROSSSLOT included: one group serves every key.
        if (keys.isEmpty() || !map.sharding()) return SlotDecision.NO_KEYS;
        int slot = HashSlot.of(keys.get(0));
        for (int i = 1; i < keys.size(); i++) {
            if (HashSlot.of(keys.get(i)) != slot) return SlotDecision.CROSSSLOT;
        }
        String local = map.localId();
        ShardGroup importer = map.importingGroup(slot);
        if (asking && importer != null && importer.id().equals(local)) {
            // As Redis Cluster: a single key is served (a new key is created here, where the slot
            // goes); several keys only once all have arrived, else the client retries.
            boolean ready = keys.size() == 1 || keys.stream().allMatch(exists);
            return ready ? new SlotDecision.Serve(slot) : SlotDecision.TRYAGAIN;
        }
        ShardGroup owner = map.stableOwner(slot);
        if (owner == null) owner = map.migratingGroup(slot);
        if (owner == null) return SlotDecision.NOT_SERVED;
        if (!owner.id().equals(local)) return redirect(slot, owner);
        if (map.migratingGroup(slot) != null && map.migratingGroup(slot).id().equals(local)) {
            return migrating(slot, map, keys, exists, locked);
        }
        return new SlotDecision.Serve(slot);
    }

    /** A slot leaving this group: keys still here are served; missing ones are asked for at the target. */
    private SlotDecision migrating(int slot, ShardMap map, List<byte[]> keys,
                                   Predicate<byte[]> exists, Predicate<byte[]> locked) {
        int present = 0;
        for (byte[] k : keys) {
            if (locked.test(k)) return SlotDecision.TRYAGAIN;
            if (exists.test(k)) present++;
        }
        if (present == keys.size()) return new SlotDecision.Serve(slot);
        if (present > 0) return SlotDecision.TRYAGAIN;
        ShardGroup target = map.importingGroup(slot);
        if (target == null || target.nodes().isEmpty()) return SlotDecision.NO_IMPORTER;
        return SlotDecision.ask(slot, target.nodes().get(0));
    }

    private SlotDecision redirect(int slot, ShardGroup owner) {
        if (owner.nodes().isEmpty()) return SlotDecision.NOT_SERVED;
        int i = Math.floorMod(nextRedirect++, owner.nodes().size());
        return SlotDecision.moved(slot, owner.nodes().get(i));
    }
}
