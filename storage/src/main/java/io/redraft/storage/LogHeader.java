package io.redraft.storage;

/**
 * What the first bytes of a log (and its index) say about it: which cluster and node wrote it, and
 * the entry just before its first one, which is the snapshot it continues from.
 *
 * @param dbid      cluster id, 32 hex characters
 * @param nodeId    the node that owns the file
 * @param prevIndex index of the entry before the first record (the snapshot's last index)
 * @param prevTerm  term of that entry
 */
record LogHeader(String dbid, int nodeId, long prevIndex, long prevTerm) {
    LogHeader {
        if (dbid.length() != RecordCodec.DBID_LENGTH) throw new IllegalArgumentException("dbid must be 32 chars: " + dbid);
    }

    LogHeader withPrev(long index, long term) {
        return new LogHeader(dbid, nodeId, index, term);
    }
}
