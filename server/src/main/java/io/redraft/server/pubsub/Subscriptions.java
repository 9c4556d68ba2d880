package io.redraft.server.pubsub;

import io.redraft.store.Glob;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who listens to what on one node: channels, patterns and shard channels, each mapped to its
 * subscribers in the order they subscribed, and each subscriber's own subscriptions. Owned by the
 * node thread, like the keyspace: messages are delivered when their log entry is applied, so every
 * node delivers the same messages in the same order to its own subscribers.
 *
 * @param <S> a subscriber (a client session); compared by identity
 */
public final class Subscriptions<S> {
    /** Receives one message for one subscriber; {@code pattern} is null for a channel subscription. */
    public interface Delivery<S> {
        void deliver(S subscriber, byte[] pattern, byte[] channel, byte[] message);
    }

    /** Which of the three name spaces a subscription is in; Redis keeps them apart. */
    public enum Kind { CHANNEL, PATTERN, SHARD }

    private final Map<Kind, Map<ByteBuffer, LinkedHashSet<S>>> byName = new HashMap<>();
    private final Map<S, Map<Kind, LinkedHashSet<ByteBuffer>>> bySubscriber = new HashMap<>();

    public Subscriptions() {
        for (Kind k : Kind.values()) byName.put(k, new LinkedHashMap<>());
    }

    /** Adds a subscription; false when the subscriber already had it (Redis replies the same either way). */
    public boolean subscribe(S s, Kind kind, byte[] name) {
        ByteBuffer key = ByteBuffer.wrap(name.clone());
        boolean added = bySubscriber.computeIfAbsent(s, x -> new HashMap<>())
                .computeIfAbsent(kind, x -> new LinkedHashSet<>()).add(key);
        if (added) byName.get(kind).computeIfAbsent(key, x -> new LinkedHashSet<>()).add(s);
        return added;
    }

    /** Removes a subscription; false when the subscriber did not have it. */
    public boolean unsubscribe(S s, Kind kind, byte[] name) {
        ByteBuffer key = ByteBuffer.wrap(name);
        Map<Kind, LinkedHashSet<ByteBuffer>> mine = bySubscriber.get(s);
        if (mine == null || mine.get(kind) == null || !mine.get(kind).remove(key)) return false;
        if (mine.values().stream().allMatch(Set::isEmpty)) bySubscriber.remove(s);
        Map<ByteBuffer, LinkedHashSet<S>> names = byName.get(kind);
        LinkedHashSet<S> subs = names.get(key);
        subs.remove(s);
        if (subs.isEmpty()) names.remove(key);
        return true;
    }

    /** The subscriber's names of one kind, in the order it subscribed. */
    public List<byte[]> of(S s, Kind kind) {
        Map<Kind, LinkedHashSet<ByteBuffer>> mine = bySubscriber.get(s);
        if (mine == null || mine.get(kind) == null) return List.of();
        return mine.get(kind).stream().map(ByteBuffer::array).toList();
    }

    /** Channels plus patterns: the count Redis puts in (P)SUBSCRIBE and (P)UNSUBSCRIBE replies. */
    public int count(S s) {
        return of(s, Kind.CHANNEL).size() + of(s, Kind.PATTERN).size();
    }

    public int shardCount(S s) {
        return of(s, Kind.SHARD).size();
    }

    /** Whether the client is in subscribed mode (RESP2 then allows only the subscription commands). */
    public boolean subscribed(S s) {
        return bySubscriber.containsKey(s);
    }

    /** Every client with at least one subscription. */
    public List<S> subscribers() {
        return List.copyOf(bySubscriber.keySet());
    }

    /** Drops everything of a disconnected client. */
    public void remove(S s) {
        Map<Kind, LinkedHashSet<ByteBuffer>> mine = bySubscriber.get(s);
        if (mine == null) return;
        for (Kind k : Kind.values()) {
            LinkedHashSet<ByteBuffer> names = mine.get(k);
            if (names == null) continue;
            for (ByteBuffer name : new ArrayList<>(names)) unsubscribe(s, k, name.array());
        }
    }

    /**
     * Delivers a PUBLISH: first to the channel's subscribers, then to every matching pattern's,
     * as Redis does; a client subscribed both ways gets both messages. Returns the receivers.
     */
    public int publish(byte[] channel, byte[] message, Delivery<S> d) {
        int n = deliver(Kind.CHANNEL, channel, message, d);
        // Copied: a delivery may unsubscribe (a client closed for its output limit).
        for (Map.Entry<ByteBuffer, LinkedHashSet<S>> e : List.copyOf(byName.get(Kind.PATTERN).entrySet())) {
            byte[] pattern = e.getKey().array();
            if (!Glob.matches(pattern, channel)) continue;
            for (S s : List.copyOf(e.getValue())) {
                d.deliver(s, pattern, channel, message);
                n++;
            }
        }
        return n;
    }

    /** SPUBLISH: shard-channel subscribers only. */
    public int spublish(byte[] channel, byte[] message, Delivery<S> d) {
        return deliver(Kind.SHARD, channel, message, d);
    }

    /** Delivers to the subscribers of one channel name (copied: a delivery may unsubscribe). */
    private int deliver(Kind kind, byte[] channel, byte[] message, Delivery<S> d) {
        LinkedHashSet<S> subs = byName.get(kind).get(ByteBuffer.wrap(channel));
        if (subs == null) return 0;
        List<S> to = List.copyOf(subs);
        for (S s : to) d.deliver(s, null, channel, message);
        return to.size();
    }

    /** PUBSUB CHANNELS / SHARDCHANNELS: active names, optionally matching a glob. */
    public List<byte[]> names(Kind kind, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuffer b : byName.get(kind).keySet()) {
            if (pattern == null || Glob.matches(pattern, b.array())) out.add(b.array());
        }
        return out;
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB for one name. */
    public int numsub(Kind kind, byte[] name) {
        Collection<S> subs = byName.get(kind).get(ByteBuffer.wrap(name));
        return subs == null ? 0 : subs.size();
    }

    /** PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
    public int numpat() {
        return byName.get(Kind.PATTERN).size();
    }
}
