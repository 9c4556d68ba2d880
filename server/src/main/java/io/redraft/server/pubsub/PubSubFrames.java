package io.redraft.server.pubsub;

import io.redraft.resp.ReplySink;

import java.nio.charset.StandardCharsets;

/**
 * The frames of Pub/Sub as Redis 7 sends them: push messages in RESP3, plain arrays in RESP2.
 * Confirmations of (un)subscribe are pushes too, as in Redis.
 */
public final class PubSubFrames {
    private static final byte[] MESSAGE = ascii("message");
    private static final byte[] PMESSAGE = ascii("pmessage");
    private static final byte[] SMESSAGE = ascii("smessage");

    private PubSubFrames() {
    }

    public static void message(ReplySink out, byte[] channel, byte[] message) {
        out.pushHeader(3);
        out.bulk(MESSAGE);
        out.bulk(channel);
        out.bulk(message);
    }

    public static void pmessage(ReplySink out, byte[] pattern, byte[] channel, byte[] message) {
        out.pushHeader(4);
        out.bulk(PMESSAGE);
        out.bulk(pattern);
        out.bulk(channel);
        out.bulk(message);
    }

    public static void smessage(ReplySink out, byte[] channel, byte[] message) {
        out.pushHeader(3);
        out.bulk(SMESSAGE);
        out.bulk(channel);
        out.bulk(message);
    }

    /**
     * {@code subscribe}, {@code unsubscribe}, {@code psubscribe}, ... with the channel (nil when an
     * unsubscribe-all had nothing to drop) and the client's count after it.
     */
    public static void confirmation(ReplySink out, String kind, byte[] name, int count) {
        out.pushHeader(3);
        out.bulk(ascii(kind));
        if (name == null) out.nullBulk();
        else out.bulk(name);
        out.integer(count);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
