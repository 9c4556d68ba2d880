package io.redraft.store.stream;

import io.redraft.store.Bytes;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group (streamCG): last delivered ID, logical read counter, the group PEL and the
 * consumers in Redis's rax order (byte order of the names).
 */
final class ConsumerGroup {
    /** SCG_INVALID_ENTRIES_READ. */
    static final long INVALID_ENTRIES_READ = -1;

    StreamId lastId;
    long entriesRead;
    final TreeMap<StreamId, Nack> pel = new TreeMap<>();
    final TreeMap<Bytes, Consumer> consumers = new TreeMap<>(ConsumerGroup::byName);

    ConsumerGroup(StreamId lastId, long entriesRead) {
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    static int byName(Bytes a, Bytes b) {
        return Arrays.compareUnsigned(a.array(), b.array());
    }

    Consumer consumer(byte[] name) {
        return consumers.get(Bytes.wrap(name));
    }

    Consumer createConsumer(byte[] name, long now) {
        Consumer c = new Consumer(name, now);
        consumers.put(Bytes.wrap(name), c);
        return c;
    }

    /** streamDelConsumer: its pending entries leave the group PEL too. */
    long deleteConsumer(Consumer c) {
        long pending = c.pel.size();
        for (StreamId id : c.pel.keySet()) {
            pel.remove(id);
        }
        consumers.remove(Bytes.wrap(c.name));
        return pending;
    }

    /** Removes one pending entry from both PELs. */
    void ack(StreamId id, Nack n) {
        pel.remove(id);
        n.consumer.pel.remove(id);
    }

    ConsumerGroup copy() {
        ConsumerGroup g = new ConsumerGroup(lastId, entriesRead);
        Map<Consumer, Consumer> mapped = new java.util.IdentityHashMap<>();
        for (Map.Entry<Bytes, Consumer> e : consumers.entrySet()) {
            Consumer c = new Consumer(e.getValue().name, e.getValue().seenTime);
            mapped.put(e.getValue(), c);
            g.consumers.put(e.getKey(), c);
        }
        for (Map.Entry<StreamId, Nack> e : pel.entrySet()) {
            Nack old = e.getValue();
            Consumer owner = mapped.get(old.consumer);
            Nack n = new Nack(owner, old.deliveryTime, old.deliveryCount);
            g.pel.put(e.getKey(), n);
            if (owner != null) {
                owner.pel.put(e.getKey(), n);
            }
        }
        return g;
    }
}
