package io.redraft.store;

import io.redraft.store.notify.KeyspaceListener;

/**
 * What a command may depend on besides the keyspace, fixed by the leader before the command
 * is logged so that every replica computes the same result.
 *
 * @param nowMillis the command's clock: expiry decisions and relative TTLs use only this
 * @param seed      seeds the command's random choices (SPOP, RANDOMKEY, ...)
 * @param protocol  the client's RESP version, 2 or 3 (some replies differ in shape)
 * @param events    hears the command's keyspace events and key-ready signals; null when nobody
 *                  listens, so a node without notifications or blocked clients pays nothing
 * @param overLimit whether the leader was over {@code maxmemory} when it logged the command: a
 *                  script's calls of {@code denyoom} commands fail alike on every replica,
 *                  whatever each replica's own memory
 */
public record ExecContext(long nowMillis, long seed, int protocol, KeyspaceListener events, boolean overLimit) {
    public ExecContext {
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("protocol must be 2 or 3");
        }
    }

    public ExecContext(long nowMillis, long seed, int protocol) {
        this(nowMillis, seed, protocol, null);
    }

    public ExecContext(long nowMillis, long seed, int protocol, KeyspaceListener events) {
        this(nowMillis, seed, protocol, events, false);
    }

    /** The same context with a listener for the command's events. */
    public ExecContext withEvents(KeyspaceListener listener) {
        return new ExecContext(nowMillis, seed, protocol, listener, overLimit);
    }
}
