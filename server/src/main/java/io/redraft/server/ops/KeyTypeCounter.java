package io.redraft.server.ops;

import io.redraft.store.RedisObject;
import io.redraft.store.Store;
import io.redraft.store.ValueType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys per type, counted by SCAN steps of bounded size, one batch per scrape: a scrape costs the
 * node thread at most {@value #STEP} key visits however large the keyspace. A keyspace smaller
 * than that is counted exactly at every scrape; a larger one is published once a full pass ends
 * (a SCAN pass may count a key twice if the keyspace rehashes meanwhile: an approximation).
 * Node thread only.
 */
final class KeyTypeCounter {
    static final int STEP = 20_000;

    private final EnumMap<ValueType, Long> counting = new EnumMap<>(ValueType.class);
    private Map<String, Long> published = Map.of();
    private long cursor;

    Map<String, Long> step(Store store, long nowMillis) {
        var ks = store.keyspace();
        cursor = ks.scan(cursor, STEP, nowMillis, key -> {
            RedisObject o = ks.peek(key, nowMillis);
            if (o != null) counting.merge(o.type(), 1L, Long::sum);
        });
        if (cursor == 0) {
            Map<String, Long> done = new LinkedHashMap<>();
            for (ValueType t : ValueType.values()) done.put(t.typeName(), counting.getOrDefault(t, 0L));
            published = done;
            counting.clear();
        }
        return published;
    }
}
