package io.redraft.store.rdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State kept beside the keyspace by store extensions (scripting) that an RDB file carries: AUX
 * fields of their own, written after Redis's and Redraft's, and the function libraries, written
 * as Redis 7.0 writes them (one RDB_OPCODE_FUNCTION2 record per library, before the keyspace), so
 * that stock redis-server loads the libraries of our files and we load those of its files.
 *
 * @param aux       extension AUX fields in write order (redis-server skips names it does not know)
 * @param functions library codes in load order
 */
public record RdbExtras(Map<String, byte[]> aux, List<byte[]> functions) {
    public static final RdbExtras NONE = new RdbExtras(Map.of(), List.of());

    public RdbExtras {
        aux = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aux));
        functions = List.copyOf(functions);
    }

    public boolean isEmpty() {
        return aux.isEmpty() && functions.isEmpty();
    }
}
