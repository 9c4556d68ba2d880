package io.redraft.store.notify;

import io.redraft.store.Bytes;

/**
 * Hears what applying a command did to the keyspace, in the order it happened. Given with the
 * {@link io.redraft.store.ExecContext}; the store calls it on its own thread during
 * {@code Store.execute}, so the same log entries give the same calls on every replica (reads that
 * run outside the log give key-miss events only on the node that runs them).
 */
public interface KeyspaceListener {
    /** A keyspace event of class {@code type} (a {@link NotifyFlags} bit), unfiltered. */
    void event(int type, String event, Bytes key);

    /**
     * Redis's signalKeyAsReady: a list or sorted set under {@code key} was created or received
     * elements, so clients blocked on it may be served now. May come more than once per key in
     * one command: collect them in a set.
     */
    default void keyReady(Bytes key) {
    }

    /** One listener for two (either may be null: none listens), hearing everything in this order. */
    static KeyspaceListener both(KeyspaceListener a, KeyspaceListener b) {
        if (a == null) return b;
        if (b == null) return a;
        return new KeyspaceListener() {
            @Override
            public void event(int type, String event, Bytes key) {
                a.event(type, event, key);
                b.event(type, event, key);
            }

            @Override
            public void keyReady(Bytes key) {
                a.keyReady(key);
                b.keyReady(key);
            }
        };
    }
}
