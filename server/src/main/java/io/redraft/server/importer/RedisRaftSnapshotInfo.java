package io.redraft.server.importer;

import io.redraft.store.rdb.ModuleAux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RedisRaft's metadata in its snapshot RDB: the module AUX record of module type
 * {@code redisraft} ({@code snapshot.c}, {@code rdbSaveSnapshotInfo}), values in this order:
 * dbid (string); last applied term, last applied index (unsigned); per node id, voting, host
 * (string), port, closed by id 0; used node ids closed by 0; then sharding info, locked keys,
 * client sessions and blocked commands, which Redraft has no counterpart for (see
 * {@link #ignored}).
 *
 * @param nodes   the configuration as of {@code lastIndex} (committed members only, as RedisRaft saves it)
 * @param usedIds every node id ever used in the cluster
 * @param ignored what follows the used ids, described for the log; empty when nothing of note
 */
record RedisRaftSnapshotInfo(String dbid, long lastTerm, long lastIndex, List<Node> nodes, List<Long> usedIds,
                             String ignored) {
    static final String MODULE = "redisraft";
    static final int ENCVER = 1;
    private static final int HASH_SLOTS = 16384;

    record Node(int id, boolean voting, String host, int port) {
        String address() {
            return host + ":" + port;
        }
    }

    static RedisRaftSnapshotInfo parse(Path rdb, ModuleAux aux) throws ImportException {
        if (aux.encodingVersion() != ENCVER) {
            throw new ImportException(rdb, aux.offset(), "unsupported redisraft module data encoding version "
                    + aux.encodingVersion() + " (only " + ENCVER + ")");
        }
        Values v = new Values(rdb, aux);
        String dbid = v.string("dbid");
        if (!dbid.isEmpty() && dbid.length() != RedisRaftLog.DBID_LEN) throw v.bad("dbid '" + dbid + "' is not 32 characters");
        long term = v.unsigned("last applied term");
        long index = v.unsigned("last applied index");
        if (term < 0 || index < 0) throw v.bad("last applied term/index out of range: " + term + "/" + index);
        List<Node> nodes = new ArrayList<>();
        while (true) {
            long id = v.unsigned("node id");
            if (id == 0) break;
            if (id < 0 || id > Integer.MAX_VALUE) throw v.bad("invalid node id " + id);
            long voting = v.unsigned("node voting flag");
            String host = v.string("node host");
            long port = v.unsigned("node port");
            if (voting > 1 || port <= 0 || port > 65535 || host.isEmpty() || host.contains(" ") || host.contains("\n")) {
                throw v.bad("bad node entry " + id + " voting=" + voting + " host='" + host + "' port=" + port);
            }
            nodes.add(new Node((int) id, voting == 1, host, (int) port));
        }
        List<Long> used = new ArrayList<>();
        while (true) {
            long id = v.unsigned("used node id");
            if (id == 0) break;
            if (id < 0 || id > Integer.MAX_VALUE) throw v.bad("invalid used node id " + id);
            used.add(id);
        }
        return new RedisRaftSnapshotInfo(dbid, term, index, List.copyOf(nodes), List.copyOf(used), describeRest(v));
    }

    /**
     * The rest, read in RedisRaft's latest layout (shard groups: count, each serialized as a
     * string, 16384 max-importing terms; locked keys: count, strings; client sessions: count,
     * ids; blocked commands: count, then index, session and serialized command each). None of it changes the keyspace Redraft loads, so it is not refused;
     * what is not empty is named in the conversion's log line.
     */
    private static String describeRest(Values v) {
        if (v.left() == 0) return "";
        try {
            List<String> notes = new ArrayList<>();
            long groups = v.unsigned("shard group count");
            for (long i = 0; i < groups; i++) v.string("shard group");
            if (groups > 1) notes.add(groups + " shard groups");
            for (int i = 0; i < HASH_SLOTS; i++) v.unsigned("max importing term");
            long locked = v.unsigned("locked key count");
            for (long i = 0; i < locked; i++) v.string("locked key");
            if (locked > 0) notes.add(locked + " locked (migrating) keys");
            long sessions = v.unsigned("client session count");
            for (long i = 0; i < sessions; i++) v.unsigned("client session");
            if (sessions > 0) notes.add(sessions + " client sessions");
            long blocked = v.unsigned("blocked command count");
            for (long i = 0; i < blocked; i++) {
                v.unsigned("blocked command index");
                v.unsigned("blocked command session");
                v.string("blocked command");
            }
            if (blocked > 0) notes.add(blocked + " blocked commands (not re-armed: their clients are gone)");
            if (v.left() > 0) notes.add(v.left() + " further values");
            return String.join(", ", notes);
        } catch (ImportException e) {
            return v.left() + " values after the used node ids in a layout this importer does not know";
        }
    }

    /** Typed, positional access to the record's values. */
    private static final class Values {
        private final Path rdb;
        private final ModuleAux aux;
        private int i;

        Values(Path rdb, ModuleAux aux) {
            this.rdb = rdb;
            this.aux = aux;
        }

        int left() {
            return aux.values().size() - i;
        }

        String string(String what) throws ImportException {
            Object o = next(what);
            if (!(o instanceof byte[] b)) throw bad("expected a string for " + what + ", found " + kind(o));
            return new String(b, StandardCharsets.UTF_8);
        }

        long unsigned(String what) throws ImportException {
            Object o = next(what);
            if (!(o instanceof Long l)) throw bad("expected an integer for " + what + ", found " + kind(o));
            return l;
        }

        private Object next(String what) throws ImportException {
            if (i >= aux.values().size()) throw bad("the redisraft metadata ends before " + what);
            return aux.values().get(i++);
        }

        ImportException bad(String problem) {
            return new ImportException(rdb, aux.offset(), "redisraft module data, value " + i + ": " + problem);
        }

        private static String kind(Object o) {
            return o instanceof byte[] ? "a string" : o.getClass().getSimpleName().toLowerCase();
        }
    }
}
