package io.redraft.store.rdb;

import io.redraft.store.Keyspace;

import java.util.List;
import java.util.Map;

/**
 * What {@link RdbReader} loaded.
 *
 * @param keyspace a fresh keyspace with every key of database 0
 * @param raft     the Redraft metadata, or null for a file without it (a stock Redis dump)
 * @param aux      every AUX field in file order (Redis's and ours), raw values
 * @param version  the RDB version in the header
 * @param functions the code of every function library (RDB_OPCODE_FUNCTION2 record), in file order
 */
public record RdbContents(Keyspace keyspace, RaftMetadata raft, Map<String, byte[]> aux, int version,
                          List<byte[]> functions) {
    public RdbContents(Keyspace keyspace, RaftMetadata raft, Map<String, byte[]> aux, int version) {
        this(keyspace, raft, aux, version, List.of());
    }

    /** What the file holds for store extensions: every AUX field (each takes its own) and the libraries. */
    public RdbExtras extras() {
        return new RdbExtras(aux, functions);
    }
}
