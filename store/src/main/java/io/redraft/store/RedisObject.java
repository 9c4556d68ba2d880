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
