package io.redraft.server.shard;

import io.redraft.server.net.ReplyDecoder;
import io.redraft.server.peer.PeerNetwork;
import java.util.function.BiConsumer;

/**
 * Asks a node of another shard group for its group ({@code RAFT.SHARDGROUP GET}), as RedisRaft's
 * LINK and refresh do. Ends with the group, or null and why: the node cannot be reached in time,
 * answers with an error, or is not a Redraft or RedisRaft node. Node thread only.
 */
public final class ShardGroupFetch {
    private ShardGroupFetch() {
    }

    /** Fetches from {@code address}; {@code done} gets the group (or null) and the reason it failed. */
    public static void start(PeerNetwork net, ShardNode address, long timeoutMs, BiConsumer<ShardGroup, String> done) {
        byte[][] get = {RemoteCall.b("RAFT.SHARDGROUP"), RemoteCall.b("GET")};
        RemoteCall.start(net, address, get, timeoutMs, reply -> {
            if (reply instanceof RemoteCall.Failed f) {
                done.accept(null, f.why());
            } else if (reply instanceof ReplyDecoder.RespError e) {
                done.accept(null, "RAFT.SHARDGROUP GET failed: " + e.message());
            } else {
                ShardGroup g = ShardGroupReply.read(reply);
                done.accept(g, g == null ? "not a shard group reply" : "");
            }
        });
    }
}
