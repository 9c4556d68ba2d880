package io.redraft.server.admin;

import static io.redraft.server.node.Replies.lower;

import io.redraft.raft.ClusterConfig;
import io.redraft.resp.ReplySink;
import io.redraft.server.cluster.RaftRuntime;
import io.redraft.server.node.Replies;
import io.redraft.server.shard.ClusterInfoText;
import io.redraft.server.shard.ClusterView;
import io.redraft.server.shard.ShardNode;
import io.redraft.store.Bytes;
import io.redraft.store.HashSlot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CLUSTER as RedisRaft re-implements it (reference §9.3), from the applied shard map: SLOTS,
 * SHARDS and NODES describe every group (without sharding, one group owning every slot, its leader
 * as master), and Redraft adds what cluster clients and operators also call: INFO, MYID, KEYSLOT,
 * COUNTKEYSINSLOT, GETKEYSINSLOT. Node ids are 40 characters: the dbid and the Raft node id as 8
 * hex digits. Answered on followers too.
 */
public final class ClusterCommand {
    private ClusterCommand() {}

    /** Subcommand arities, as Redis 7.0's command table has them. */
    private static final Map<String, Integer> ARITY = Map.of("slots", 2, "nodes", 2, "shards", 2, "info", 2, "myid", 2,
            "keyslot", 3, "countkeysinslot", 3, "getkeysinslot", 4);

    public static void run(RaftRuntime rt, byte[][] argv, ReplySink out) {
        if (argv.length < 2) {
            out.error(Replies.arity("cluster"));
            return;
        }
        String sub = lower(argv[1]);
        Integer arity = ARITY.get(sub);
        if (arity == null) {
            out.error("ERR Unknown subcommand.");
            return;
        }
        if (argv.length != arity) {
            out.error(Replies.arity("cluster|" + sub));
            return;
        }
        if (sub.equals("keyslot")) { // a pure function of the key: no cluster needed
            out.integer(HashSlot.of(argv[2]));
            return;
        }
        String err = rt.stateError();
        if (err == null && rt.core().leaderId() == 0) err = "CLUSTERDOWN No raft leader";
        if (err != null) {
            out.error(err);
            return;
        }
        switch (sub) {
            case "slots" -> view(rt).slots(out);
            case "shards" -> view(rt).shards(out);
            case "nodes" -> out.bulk(bytes(view(rt).nodes()));
            case "info" -> out.bulk(bytes(ClusterInfoText.of(rt.shards().map(), members(rt).size(),
                    rt.core().leaderId() != 0, rt.core().term())));
            case "myid" -> out.bulk(bytes(ShardNode.clusterId(rt.dbid(), rt.core().id())));
            case "countkeysinslot" -> {
                Long slot = number(argv[2], out);
                if (slot == null) return;
                if (slot < 0 || slot >= HashSlot.SLOTS) out.error("ERR Invalid slot");
                else out.integer(rt.store().keyspace().slotSize(slot.intValue()));
            }
            default -> getKeysInSlot(rt, argv, out);
        }
    }

    private static void getKeysInSlot(RaftRuntime rt, byte[][] argv, ReplySink out) {
        Long slot = number(argv[2], out);
        if (slot == null) return;
        Long max = number(argv[3], out);
        if (max == null) return;
        if (slot < 0 || slot >= HashSlot.SLOTS || max < 0) {
            out.error("ERR Invalid slot or number of keys");
            return;
        }
        List<Bytes> keys = rt.store().keyspace().keysInSlot(slot.intValue(), (int) Math.min(max, Integer.MAX_VALUE));
        out.arrayHeader(keys.size());
        for (Bytes k : keys) out.bulk(k.array());
    }

    /** A signed 64-bit integer as Redis's getLongLongFromObjectOrReply reads it; null after writing its error. */
    private static Long number(byte[] arg, ReplySink out) {
        String s = new String(arg, StandardCharsets.ISO_8859_1);
        boolean canonical = !s.isEmpty() && !s.startsWith("+") && (s.equals("0") || !(s.startsWith("0") || s.startsWith("-0")));
        try {
            if (canonical) return Long.parseLong(s);
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        out.error("ERR value is not an integer or out of range");
        return null;
    }

    private static ClusterView view(RaftRuntime rt) {
        return new ClusterView(rt.shards().map(), members(rt), rt.core().leaderId(), rt.core().id(), rt.core().term(),
                rt.config().tlsEnabled());
    }

    /** The local group's voting members in configuration order, where clients reach them. */
    private static List<ClusterView.Member> members(RaftRuntime rt) {
        List<ClusterView.Member> out = new ArrayList<>();
        for (ClusterConfig.Member m : rt.core().config().members()) {
            if (!m.voting()) continue;
            int colon = m.address().lastIndexOf(':');
            String host = colon < 0 ? m.address() : m.address().substring(0, colon);
            int port = colon < 0 ? 0 : Integer.parseInt(m.address().substring(colon + 1));
            out.add(new ClusterView.Member(m.id(), host, port));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
