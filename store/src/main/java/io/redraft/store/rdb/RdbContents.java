package io.redraft.store.rdb;

import io.redraft.store.Keyspace;

import java.util.Map;

/**
 * What {@link RdbReader} loaded.
 *
 * @param keyspace a fresh keyspace with every key of database 0
 * @param raft     the Redraft metadata, or null for a file without it (a stock Redis dump)
 * @param aux      every AUX field in file order (Redis's and ours), raw values
 * @param version  the RDB version in the header
 */
public record RdbContents(Keyspace keyspace, RaftMetadata raft, Map<String, byte[]> aux, int version) {
}
