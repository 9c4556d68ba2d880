package io.redraft.store.notify;

import io.redraft.store.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * One keyspace notification: {@code type} is its class (a {@link NotifyFlags} bit), {@code
 * event} Redis's event name ("set", "lpush", "expired", ...), {@code key} the key it concerns.
 */
public record KeyspaceEvent(int type, String event, Bytes key) {
    /** The channel of the K form, {@code __keyspace@<db>__:<key>}; its message is the event name. */
    public byte[] keyspaceChannel(int db) {
        byte[] prefix = ("__keyspace@" + db + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] k = key.array();
        byte[] out = new byte[prefix.length + k.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(k, 0, out, prefix.length, k.length);
        return out;
    }

    /** The channel of the E form, {@code __keyevent@<db>__:<event>}; its message is the key. */
    public byte[] keyeventChannel(int db) {
        return ("__keyevent@" + db + "__:" + event).getBytes(StandardCharsets.US_ASCII);
    }
}
