package io.redraft.server.shard;

/**
 * Where a keyed request goes once the shard map has been consulted (reference §9.4): run here, or
 * one of Redis Cluster's redirections and refusals, each with its exact reply text.
 */
public sealed interface SlotDecision {
    /** Run the request here. {@code slot} is -1 for a request without keys. */
    record Serve(int slot) implements SlotDecision {
    }

    /** Any error reply: {@link #reply} is the text without the leading '-'. */
    record Refuse(String reply) implements SlotDecision {
    }

    Serve NO_KEYS = new Serve(-1);

    static Refuse moved(int slot, ShardNode to) {
        return new Refuse("MOVED " + slot + " " + to.address());
    }

    static Refuse ask(int slot, ShardNode to) {
        return new Refuse("ASK " + slot + " " + to.address());
    }

    Refuse CROSSSLOT = new Refuse("CROSSSLOT Keys in request don't hash to the same slot");
    Refuse NOT_SERVED = new Refuse("CLUSTERDOWN Hash slot is not served");
    Refuse TRYAGAIN = new Refuse("TRYAGAIN");
    Refuse NO_IMPORTER = new Refuse("ERR no importing shard group to ask");
}
