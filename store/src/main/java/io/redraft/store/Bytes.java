package io.redraft.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable binary-safe byte string with content equality. Keys, hash fields and set
 * members are wrapped in it. Its order (content hash, then unsigned bytes) is what makes
 * SCAN cursors and per-slot iteration identical on every replica whatever the history.
 */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] b;
    private final int hash;

    private Bytes(byte[] b) {
        this.b = b;
        this.hash = hashOf(b);
    }

    private Bytes(byte[] b, int hash) {
        this.b = b;
        this.hash = hash;
    }

    /** Re-wraps bytes whose {@link #hashOf} is already known (the keyspace stores it). */
    static Bytes wrap(byte[] b, int hash) {
        return new Bytes(b, hash);
    }

    /** Wraps without copying: the caller must not mutate {@code b} afterwards. */
    public static Bytes wrap(byte[] b) {
        return new Bytes(b);
    }

    public static Bytes of(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The backing array; callers must not mutate it. */
    public byte[] array() {
        return b;
    }

    public int length() {
        return b.length;
    }

    /** A 32-bit content hash (murmur3 finaliser over a simple mix); stable across JVMs. */
    static int hashOf(byte[] b) {
        int h = 0x9747b28c ^ b.length;
        for (byte x : b) {
            h = (h ^ (x & 0xFF)) * 0x5bd1e995;
            h ^= h >>> 15;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The unsigned order position used by SCAN cursors. */
    public long scanOrder() {
        return hash & 0xFFFFFFFFL;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && other.hash == hash && Arrays.equals(other.b, b);
    }

    @Override
    public int compareTo(Bytes o) {
        int c = Long.compare(scanOrder(), o.scanOrder());
        return c != 0 ? c : Arrays.compareUnsigned(b, o.b);
    }

    @Override
    public String toString() {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
