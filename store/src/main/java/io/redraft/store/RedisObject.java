package io.redraft.store;

/**
 * A value in the keyspace. The absolute expiry time lives on the value (saving an entry object
 * per key); only {@link Keyspace} changes it, so its count of volatile keys stays right.
 */
public abstract class RedisObject {
    public static final long NO_EXPIRE = -1;

    long expireAt = NO_EXPIRE;
    /**
     * The keyspace epoch this object was stored in (0: never stored). An object whose epoch is
     * at or below an open snapshot view's is shared with that view and is copied before any
     * change; see {@link Keyspace#freeze()}. Fits in the header padding, so it costs no memory.
     */
    int epoch;
    /**
     * Redis's robj header word: the low 24 bits are the LRU clock (seconds, wrapping every 194
     * days) of the last access, {@link #LRU_UNSET} until the keyspace first stamps it; the top 8
     * bits belong to the subclass (a string keeps its origin there). One int, so tracking access
     * time costs no memory over the field it shares.
     */
    private int header = LRU_UNSET;

    static final int LRU_BITS = 24;
    static final int LRU_CLOCK_MAX = (1 << LRU_BITS) - 1;
    /** Not stamped yet (loaded from a snapshot): the keyspace counts idle time from the load. */
    static final int LRU_UNSET = LRU_CLOCK_MAX;

    /** The subclass's 8 bits of the header word. */
    protected final int subBits() {
        return header >>> LRU_BITS;
    }

    protected final void setSubBits(int bits) {
        header = (header & LRU_CLOCK_MAX) | (bits << LRU_BITS);
    }

    final int lru() {
        return header & LRU_CLOCK_MAX;
    }

    final void setLru(int clock) {
        header = (header & ~LRU_CLOCK_MAX) | (clock & LRU_CLOCK_MAX);
    }

    public abstract ValueType type();

    /** The name OBJECT ENCODING reports, following Redis 7's thresholds. */
    public abstract String encoding();

    /** A deep copy (COPY); the copy has no expiry. */
    public abstract RedisObject copy();

    /**
     * A 20-byte digest of the content, independent of the order of unordered collections, so
     * two replicas with equal data agree however they got there.
     */
    public abstract byte[] contentDigest();

    /** Writes the content (not the key or expiry) for a snapshot; read back by {@link SnapshotCodec}. */
    public abstract void writeTo(java.io.DataOutputStream out) throws java.io.IOException;

    /** Absolute expiry in unix milliseconds, or {@link #NO_EXPIRE}. */
    public long expireAt() {
        return expireAt;
    }

    public boolean isExpired(long nowMillis) {
        return expireAt != NO_EXPIRE && expireAt <= nowMillis;
    }

    /** Collections are removed when they become empty, as in Redis. */
    public boolean isEmptyCollection() {
        return false;
    }
}
