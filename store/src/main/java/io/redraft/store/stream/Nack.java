package io.redraft.store.stream;

/** A pending entry of a consumer group (streamNACK): shared by the group's PEL and its owner's. */
final class Nack {
    long deliveryTime;
    long deliveryCount;
    Consumer consumer;

    Nack(Consumer consumer, long deliveryTime, long deliveryCount) {
        this.consumer = consumer;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
    }
}
