package io.redraft.store;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The keys that have an expiry, ordered by (expiry, key order): the sweep that deletes expired
 * keys reads them from the front instead of scanning the keyspace, and every replica, holding
 * the same keys and expiries, deletes the same ones in the same order. Only volatile keys cost
 * an entry. Maintained by {@link Keyspace} wherever a stored key's expiry changes.
 */
final class ExpiryIndex {
    record Due(long at, Bytes key) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private final TreeSet<Due> byTime = new TreeSet<>();

    void add(Bytes key, long at) {
        if (at != RedisObject.NO_EXPIRE) {
            byTime.add(new Due(at, key));
        }
    }

    void remove(Bytes key, long at) {
        if (at != RedisObject.NO_EXPIRE) {
            byTime.remove(new Due(at, key));
        }
    }

    /** Up to {@code max} keys whose expiry is at or before {@code now}, earliest first. */
    List<Due> due(long now, int max) {
        List<Due> out = new ArrayList<>();
        for (Due d : byTime) {
            if (d.at > now || out.size() >= max) {
                break;
            }
            out.add(d);
        }
        return out;
    }

    /** Whether some key's expiry is at or before {@code now}. */
    boolean anyDue(long now) {
        return !byTime.isEmpty() && byTime.first().at <= now;
    }

    int size() {
        return byTime.size();
    }

    void clear() {
        byTime.clear();
    }

    void addAll(ExpiryIndex other) {
        byTime.addAll(other.byTime);
    }
}
