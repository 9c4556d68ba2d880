package io.redraft.server.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RedisRaft's {@code <log>.meta} ({@code metadata.c}): {@code *6 $METADATA $1 $dbid $node-id
 * $term $vote}, bulk strings, numbers in decimal, vote -1 for none. RedisRaft replaces it whole
 * by rename, so anything but exactly that is damage and refused.
 *
 * @param vote the node voted for in {@code term}, or -1
 */
record RedisRaftMeta(String dbid, int nodeId, long term, int vote) {

    static RedisRaftMeta read(Path file) throws IOException {
        return parse(file, Files.readAllBytes(file));
    }

    static RedisRaftMeta parse(Path file, byte[] bytes) throws ImportException {
        RespText t = new RespText(file, bytes);
        try {
            long n = t.length('*');
            if (n != 6) throw t.bad(0, "not a RedisRaft metadata file: an array of " + n + " elements, expected 6");
            t.expectBulk("METADATA", "metadata magic");
            long version = t.bulkLong("metadata version");
            if (version != 1) throw t.bad(0, "unsupported RedisRaft metadata version " + version);
            int dbidAt = t.pos;
            String dbid = t.bulkString("dbid");
            if (dbid.length() != RedisRaftLog.DBID_LEN) throw t.bad(dbidAt, "dbid '" + dbid + "' is not 32 characters");
            int idAt = t.pos;
            long node = t.bulkLong("node id");
            if (node <= 0 || node > Integer.MAX_VALUE) throw t.bad(idAt, "invalid node id " + node);
            int termAt = t.pos;
            long term = t.bulkLong("term");
            if (term < 0) throw t.bad(termAt, "negative term " + term);
            int voteAt = t.pos;
            long vote = t.bulkLong("vote");
            if (vote != -1 && (vote <= 0 || vote > Integer.MAX_VALUE)) throw t.bad(voteAt, "invalid vote " + vote);
            if (!t.atEnd()) throw t.bad(t.pos, (bytes.length - t.pos) + " unexpected bytes after the metadata");
            return new RedisRaftMeta(dbid, (int) node, term, (int) vote);
        } catch (RespText.Truncated e) {
            throw t.bad(bytes.length, "the metadata file is incomplete (" + bytes.length + " bytes)");
        }
    }
}
