package io.redraft.server.pubsub;

import io.redraft.store.CommandTable;
import io.redraft.store.Store;
import io.redraft.store.StoreExtension;

/**
 * PUBLISH and SPUBLISH as commands of the store: they are logged like any write and run when
 * their entry is applied, on every node, which then delivers the message to its own subscribers.
 * So a message reaches the subscribers of every node in log order, from a transaction or a
 * script as well. The reply is the receivers on the node that runs it; the client hears the
 * leader's.
 */
public final class PublishCommands implements StoreExtension {
    /** Delivers a message to this node's subscribers; returns how many received it. */
    public interface Publisher {
        int publish(byte[] channel, byte[] message, boolean shard);
    }

    /** A store that belongs to no node (the table of specs): nobody listens. */
    private static final Publisher NOBODY = (channel, message, shard) -> 0;

    private final Publisher publisher;

    public PublishCommands(Publisher publisher) {
        this.publisher = publisher == null ? NOBODY : publisher;
    }

    @Override
    public void register(CommandTable table, Store store) {
        // Not readonly: the table routes them through the log. Key positions as Redis's table
        // (SPUBLISH's channel is its key for slot routing; PUBLISH has none).
        table.add("publish", 3, "fast loading stale", 0, 0, 0,
                c -> c.out().integer(publisher.publish(c.arg(1), c.arg(2), false)));
        table.add("spublish", 3, "fast loading stale", 1, 1, 1,
                c -> c.out().integer(publisher.publish(c.arg(1), c.arg(2), true)));
    }
}
