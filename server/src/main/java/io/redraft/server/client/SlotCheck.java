package io.redraft.server.client;

import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.command.KeyRef;
import io.redraft.server.node.ClientRequest;
import io.redraft.server.shard.SlotDecision;
import io.redraft.server.shard.SlotRouter;
import io.redraft.store.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The slot part of the routing decision (reference §9.4), taken before a request is logged: the
 * keys the command table finds, against the applied shard map. RedisRaft takes it when the entry
 * is applied and so spends a log entry on every misrouted command. Node thread only.
 */
final class SlotCheck {
    private final RaftRuntime rt;
    private final SlotRouter router = new SlotRouter();
    /** The slot of the request last let through, -1 when it had no keys or slots are not checked. */
    private int slot = -1;

    SlotCheck(RaftRuntime rt) {
        this.rt = rt;
    }

    int slot() {
        return slot;
    }

    /**
     * Null when this group serves the keys (or slots are not checked), else the refusal: MOVED to
     * the owning group, CROSSSLOT, CLUSTERDOWN, and on the leader ASK and TRYAGAIN for slots in
     * motion. A follower leaves those two to its leader, whose keyspace is the one that counts.
     */
    String check(List<byte[]> keys, boolean asking) {
        slot = -1;
        if (keys.isEmpty() || !rt.shards().active()) return null;
        long now = rt.clock().millis();
        var keyspace = rt.store().keyspace();
        SlotDecision d = router.route(rt.shards().map(), keys, asking,
                k -> keyspace.peek(Bytes.wrap(k), now) != null, rt.shards()::isLocked);
        if (d instanceof SlotDecision.Refuse refuse) {
            boolean moving = refuse.reply().startsWith("ASK ") || refuse.reply().equals("TRYAGAIN");
            if (!moving || rt.core().isLeader()) return refuse.reply();
            slot = io.redraft.store.HashSlot.of(keys.get(0));
            return null;
        }
        slot = ((SlotDecision.Serve) d).slot();
        return null;
    }

    /** Whether slot checks apply at all now (keys need not be found otherwise). */
    boolean active() {
        return rt.shards().active();
    }

    /** The keys of one request, as classified when it was decoded. */
    static List<byte[]> keys(ClientRequest r) {
        // Shard channels are not keys to COMMAND GETKEYS (not_key) but route by slot, as in Redis Cluster.
        byte[][] command = r.command();
        switch (r.commandName()) {
            case "spublish" -> {
                return command.length > 1 ? List.of(command[1]) : List.of();
            }
            case "ssubscribe", "sunsubscribe" -> {
                return Arrays.asList(command).subList(1, command.length);
            }
            default -> {}
        }
        byte[][] argv = r.argv();
        List<KeyRef> refs = r.classification().keys();
        if (refs.isEmpty()) return List.of();
        List<byte[]> out = new ArrayList<>(refs.size());
        for (KeyRef k : refs) out.add(argv[k.pos()]);
        return out;
    }

    /** The keys of several commands together (a transaction: all must share one slot). */
    static List<byte[]> keys(List<byte[][]> commands) {
        List<byte[]> out = new ArrayList<>();
        for (byte[][] c : commands) out.addAll(keys(ClientRequest.intercepted(c)));
        return out;
    }
}
