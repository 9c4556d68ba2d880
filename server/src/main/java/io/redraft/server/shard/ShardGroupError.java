package io.redraft.server.shard;

/**
 * A RAFT.SHARDGROUP request that cannot be accepted, with RedisRaft's reply text (without the
 * leading '-'). {@link #arity} marks the one case whose text names the command as the client typed
 * it, so the caller words it.
 */
public final class ShardGroupError extends Exception {
    public final boolean arity;

    ShardGroupError(String reply) {
        this(reply, false);
    }

    private ShardGroupError(String reply, boolean arity) {
        super(reply, null, false, false);
        this.arity = arity;
    }

    public static ShardGroupError wrongArity() {
        return new ShardGroupError("wrong number of arguments", true);
    }
}
