package io.redraft.server.pubsub;

import io.redraft.server.config.ServerConfig;
import io.redraft.store.Bytes;
import io.redraft.store.notify.KeyspaceListener;
import io.redraft.store.notify.NotifyFlags;
import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications ({@code notify-keyspace-events}): each event of an applied command, in
 * the order the store reports it, published to this node's subscribers as Redis's
 * notifyKeyspaceEvent does (the {@code __keyspace@0__:} channel first, then {@code __keyevent@0__:}).
 * Events come only from applying log entries (and key misses from reads served here), so every
 * node publishes the same events in the same order.
 */
final class KeyspaceNotifier implements KeyspaceListener {
    private final PubSub pubsub;
    /** Written by CONFIG SET on the node thread; volatile because start-up may set it elsewhere. */
    private volatile int flags;

    KeyspaceNotifier(PubSub pubsub, ServerConfig config) {
        this.pubsub = pubsub;
        this.flags = parse(config.string("notify-keyspace-events"));
        config.onChange("notify-keyspace-events", v -> flags = parse(v));
    }

    private static int parse(String v) {
        int f = NotifyFlags.parse(v == null ? "" : v);
        return Math.max(f, 0);
    }

    /** Whether any event class would be published (a class and at least one of K, E). */
    boolean enabled() {
        int f = flags;
        return (f & (NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)) != 0 && (f & ~(NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)) != 0;
    }

    @Override
    public void event(int type, String event, Bytes key) {
        int f = flags;
        if (!NotifyFlags.publishes(f, type)) return;
        byte[] name = event.getBytes(StandardCharsets.US_ASCII);
        if ((f & NotifyFlags.KEYSPACE) != 0) {
            pubsub.publish(keyspaceChannel(key), name, false);
        }
        if ((f & NotifyFlags.KEYEVENT) != 0) {
            pubsub.publish(keyeventChannel(name), key.array(), false);
        }
    }

    private static final byte[] KEYSPACE = "__keyspace@0__:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT = "__keyevent@0__:".getBytes(StandardCharsets.US_ASCII);

    private static byte[] keyspaceChannel(Bytes key) {
        return concat(KEYSPACE, key.array());
    }

    private static byte[] keyeventChannel(byte[] event) {
        return concat(KEYEVENT, event);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
