package io.redraft.store.stream;

import java.util.TreeMap;

/** A consumer of a group: its name, when it was last seen (leader time) and its own PEL. */
final class Consumer {
    final byte[] name;
    long seenTime;
    final TreeMap<StreamId, Nack> pel = new TreeMap<>();

    Consumer(byte[] name, long seenTime) {
        this.name = name;
        this.seenTime = seenTime;
    }
}
